package org.hpcsweep.engine;

/** What a failed engine call means for the step that made it. */
public enum FailureKind {
    /** May pass by itself (engine down or throttling, a timeout, a garbled answer): a safe step tries again. */
    TRANSIENT,
    /** The engine refused the key or token: nothing else will work until the user fixes it. */
    REFUSED_CREDENTIALS,
    /** The engine said no to this call (a bad request, an unknown job): trying again gets the same answer. */
    PERMANENT
}
