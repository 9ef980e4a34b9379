package org.hpcsweep.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the store's tests run on: the embedded H2 file the service uses by default, and the
 * PostgreSQL that .ci/postgres-up.sh starts on 127.0.0.1 (a fresh database per use; the PostgreSQL
 * cases skip, saying why, where it is absent).
 */
public final class TestDatabases {
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";
    private static final Path STATE = Path.of(System.getenv().getOrDefault("HPC_SWEEP_POSTGRES_DIR", "/var/lib/hpc-sweep-postgres"));

    /** One database: its JDBC URL and credentials, as the service's hpcsweep.db.* settings take them. */
    public record Db(String url, String user, String password) {
        public Map<String, String> settings() {
            return Map.of("hpcsweep.db.url", url, "hpcsweep.db.user", user, "hpcsweep.db.password", password);
        }
    }

    private TestDatabases() {
    }

    /** Both kinds, for {@code @ParameterizedTest @MethodSource}. */
    public static List<String> kinds() {
        return List.of(H2, POSTGRESQL);
    }

    /** A new, empty database of {@code kind}; an H2 file under {@code dir}. */
    public static Db fresh(String kind, Path dir) throws IOException, SQLException {
        if (H2.equals(kind)) {
            return new Db("jdbc:h2:file:" + dir.resolve("db-" + UUID.randomUUID()).toAbsolutePath(), "", "");
        }
        Map<String, String> env = postgresEnv();
        String server = "jdbc:postgresql://" + env.get("PGHOST") + ":" + env.get("PGPORT") + "/";
        String password = Files.readString(Path.of(env.get("PGPASSWORD_FILE"))).strip();
        String name = "hpcsweep_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server + "postgres", env.get("PGUSER"), password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new Db(server + name, env.get("PGUSER"), password);
    }

    private static Map<String, String> postgresEnv() throws IOException {
        Path envFile = STATE.resolve("env");
        if (!Files.isRegularFile(envFile)) {
            Path reason = STATE.resolve("reason");
            Assumptions.abort("PostgreSQL test server not set up (run .ci/postgres-up.sh as root)"
                    + (Files.isReadable(reason) ? ": " + Files.readString(reason).strip() : ""));
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
