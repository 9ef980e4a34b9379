package org.hpcsweep.rescale;

import org.apache.camel.Exchange;

/**
 * Client-side limits on platform calls, per scope, so the service stays under the platform's own
 * (Rescale: submit 1,000/hour, other v2 job calls 90,000/hour; going over "blocks access for an
 * extended time"). Each scope gets the configured share of its limit (default 85 %); the
 * {@code throttle} EIP of routes/engine-rescale/00-platform-call.yaml makes callers wait for their turn.
 */
public final class RateLimits {
    public static final String SUBMIT = "submit";
    public static final String JOBS = "jobs";
    /**
     * What "no limit" means: Camel's throttler keeps one permit per allowed call, so the ceiling must
     * stay a real number; 200,000 an hour is far above anything one service makes.
     */
    static final long UNLIMITED = 200_000;

    private final long submitPerHour;
    private final long jobsPerHour;
    private final boolean submitLimited;
    private final boolean jobsLimited;

    /**
     * @param submitPerHour the platform's submit limit per hour; 0 for none
     * @param jobsPerHour   the platform's limit per hour on the other calls; 0 for none
     * @param share         the share of each limit to use, e.g. 0.85
     */
    public RateLimits(long submitPerHour, long jobsPerHour, double share) {
        this.submitPerHour = submitPerHour <= 0 ? UNLIMITED : Math.max(1, (long) Math.floor(submitPerHour * share));
        this.jobsPerHour = jobsPerHour <= 0 ? UNLIMITED : Math.max(1, (long) Math.floor(jobsPerHour * share));
        this.submitLimited = submitPerHour > 0;
        this.jobsLimited = jobsPerHour > 0;
    }

    /**
     * Whether the scope of this call has a limit at all. Without one the call skips the throttle: its
     * shared lock and permit queue were taken by every call for nothing (bench/ANALYSIS.md, submit phase).
     */
    public boolean isLimited(Exchange exchange) {
        return SUBMIT.equals(scopeOf(exchange)) ? submitLimited : jobsLimited;
    }

    /** The scope a call counts against: submits, or everything else. */
    public String scopeOf(Exchange exchange) {
        String call = exchange.getProperty(PlatformAccount.CALL, "", String.class);
        return call.startsWith("POST ") && call.endsWith("/submit/") ? SUBMIT : JOBS;
    }

    /** Calls allowed per hour in the scope of this call. */
    public long limitOf(Exchange exchange) {
        return SUBMIT.equals(scopeOf(exchange)) ? submitPerHour : jobsPerHour;
    }
}
