package org.hpcsweep.platform;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Short opaque ids like Rescale's ({@code OsKBd}), unique within this platform. */
final class Ids {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final SecureRandom random = new SecureRandom();
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /** An id an earlier run of the platform gave out (JobRecovery): never given again. */
    void reserve(String id) {
        used.add(id);
    }

    String next() {
        while (true) {
            StringBuilder id = new StringBuilder(6);
            for (int i = 0; i < 6; i++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (used.add(id.toString())) {
                return id.toString();
            }
        }
    }
}
