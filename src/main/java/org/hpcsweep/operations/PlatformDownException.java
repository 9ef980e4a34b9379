package org.hpcsweep.operations;

/** A platform call not made, or failed, because the platform looks down (see {@link PlatformBreaker}). */
public final class PlatformDownException extends RuntimeException {
    public PlatformDownException(String message) {
        super(message, null, false, false);
    }
}
