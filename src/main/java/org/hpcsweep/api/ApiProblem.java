package org.hpcsweep.api;

/** An answer other than success, with the reason a user can act on; written as problem+json by {@link Problems}. */
final class ApiProblem extends RuntimeException {
    final int status;

    ApiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
