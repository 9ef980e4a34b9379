package org.hpcsweep.api;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The web page's sessions: a browser that showed the API token once (POST /api/session with
 * {@code Authorization: Bearer}) gets an HttpOnly, SameSite=Strict cookie, so that plain links to
 * result files work in it. The token itself never goes into a URL, where it would be logged and kept
 * in the browser's history. Sessions live in memory: a restart asks the page to post the token again.
 */
final class Sessions {
    static final String COOKIE = "hpcsweep_session";
    private static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Sessions(LongSupplier clock) {
        this.clock = clock;
    }

    Sessions() {
        this(System::currentTimeMillis);
    }

    /** A new session; the answer's Set-Cookie value. Only for a caller whose token was accepted. */
    String open() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        String session = HexFormat.of().formatHex(id);
        long now = clock.getAsLong();
        expiries.values().removeIf(expiry -> expiry < now);
        expiries.put(session, now + LIFETIME.toMillis());
        // Path=/api: the page itself needs no cookie; SameSite=Strict: no other site's page can use it.
        return COOKIE + "=" + session + "; Path=/api; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict";
    }

    /** Whether the request's Cookie header holds a live session. */
    boolean accepts(String cookieHeader) {
        if (cookieHeader == null) {
            return false;
        }
        for (String cookie : cookieHeader.split(";")) {
            String c = cookie.strip();
            if (c.startsWith(COOKIE + "=")) {
                Long expiry = expiries.get(c.substring(COOKIE.length() + 1));
                if (expiry != null && expiry >= clock.getAsLong()) {
                    return true;
                }
            }
        }
        return false;
    }
}
