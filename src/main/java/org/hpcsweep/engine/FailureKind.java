package org.hpcsweep.engine;

/** What a failed engine call means for the step that made it. */
public enum FailureKind {
    /** May pass by itself (engine down or throttling, a timeout, a garbled answer): a safe step tries again. */
    TRANSIENT,
    /** The engine refused the key or token: nothing else will work until the user fixes it. */
    REFUSED_CREDENTIALS,
    /**
     * The engine does not know the job (or file) the call names: permanent for the call; a job the
     * engine keeps not knowing is lost (a platform that forgot its jobs in a restart).
     */
    NOT_FOUND,
    /** The engine said no to this call (a bad request): trying again gets the same answer. */
    PERMANENT
}
