package org.hpcsweep.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The service's API token, as the API checks it: {@code Authorization: Bearer <token>} (or {@code Token <token>}). */
final class BearerToken {
    static final String REFUSAL = "send the service's API token as 'Authorization: Bearer <token>'";

    private final byte[] digest;

    BearerToken(String token) {
        this.digest = sha256(token);
    }

    boolean accepts(String authorizationHeader) {
        String token = authorizationHeader == null ? null : authorizationHeader.replaceFirst("(?i)^(Bearer|Token)\\s+", "").strip();
        // Compared as digests in constant time, so timing tells nothing about the token.
        return token != null && !token.isEmpty() && MessageDigest.isEqual(sha256(token), digest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
