package org.hpcsweep.engine;

/**
 * What one engine's failures mean, for the engine-neutral policy ({@link StepErrors}). Each method is
 * asked about one throwable of a cause chain at a time and answers null when that throwable is not
 * this engine's kind, so that the policy walks on down the chain and applies the generic rules
 * (network errors, timeouts, garbled answers) itself.
 */
public interface EngineErrors {
    /** The kind of {@code failure}, or null when it is not one of this engine's exceptions. */
    FailureKind classify(Throwable failure);

    /**
     * One line a user can act on (the engine's own reason; for refused credentials, which setting to
     * check), or null when {@code failure} is not one of this engine's exceptions. Not masked yet: the
     * policy masks the engine's secret.
     */
    String describe(Throwable failure);
}
