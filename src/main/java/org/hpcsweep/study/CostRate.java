package org.hpcsweep.study;

/**
 * What a core-hour costs ({@code cost:} in study.yaml), to put a price on each point.
 *
 * @param perCoreHour      price of one core for one hour
 * @param currency         e.g. USD; only shown
 * @param targetEfficiency the efficiency a point must reach to be named the cheapest worth taking (default 0.7)
 */
public record CostRate(double perCoreHour, String currency, double targetEfficiency) {
}
