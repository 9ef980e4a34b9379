package org.hpcsweep.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The page's session cookies: what they allow, for how long, and how the cookie is marked. */
class SessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Sessions sessions = new Sessions(now::get);

    @Test
    void should_mark_the_cookie_http_only_and_same_site_strict_for_the_api_alone() {
        String setCookie = sessions.open();
        assertTrue(setCookie.startsWith(Sessions.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("; Path=/api;") && setCookie.contains("; HttpOnly") && setCookie.contains("; SameSite=Strict"), setCookie);
    }

    @Test
    void should_accept_the_session_among_other_cookies_until_it_expires() {
        String cookie = sessions.open().replaceFirst(";.*", "");
        assertTrue(sessions.accepts("theme=dark; " + cookie));
        now.addAndGet(Duration.ofHours(12).toMillis() + 1);
        assertFalse(sessions.accepts(cookie), "an expired session");
    }

    @Test
    void should_refuse_a_session_it_did_not_open() {
        sessions.open();
        assertFalse(sessions.accepts(Sessions.COOKIE + "=0123abcd"));
        assertFalse(sessions.accepts(null));
        assertFalse(sessions.accepts(Sessions.COOKIE + "="));
    }
}
