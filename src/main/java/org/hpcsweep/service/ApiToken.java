package org.hpcsweep.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token that guards the service's own API (not a platform key): {@code HPCSWEEP_API_TOKEN}, else
 * the file named by {@code hpcsweep.api.token-file}, which is created with a new random token (mode
 * 600) when it does not exist yet. The token itself is never printed; its file's path is.
 */
final class ApiToken {

    private ApiToken() {
    }

    static String load(ServiceSettings settings) {
        String fromEnv = System.getenv("HPCSWEEP_API_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = settings.getPath("hpcsweep.api.token-file");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            PrivateFiles.directory(file.getParent());
            PrivateFiles.writeSecret(file, token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token file " + file, e);
        }
    }
}
