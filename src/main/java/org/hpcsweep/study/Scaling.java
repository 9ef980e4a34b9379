package org.hpcsweep.study;

/**
 * How a study's work relates to its processor count ({@code scaling:} in study.yaml).
 * STRONG: the same problem on more processors (speedup T_1/T_p, Amdahl). WEAK: the problem grows
 * with the processors (weak-scaling efficiency T_1/T_p, Gustafson).
 */
public enum Scaling {
    STRONG, WEAK
}
