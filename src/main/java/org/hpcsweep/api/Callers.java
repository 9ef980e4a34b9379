package org.hpcsweep.api;

/** Who may call the API: a caller with the token (Bearer) or with a session the token opened (the page's cookie). */
public final class Callers {
    private final BearerToken token;
    private final Sessions sessions = new Sessions();

    public Callers(String token) {
        this.token = new BearerToken(token);
    }

    boolean accepts(String authorization, String cookie) {
        return token.accepts(authorization) || sessions.accepts(cookie);
    }

    boolean hasToken(String authorization) {
        return token.accepts(authorization);
    }

    Sessions sessions() {
        return sessions;
    }
}
