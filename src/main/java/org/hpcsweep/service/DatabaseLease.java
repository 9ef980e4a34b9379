package org.hpcsweep.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One service per shared database: on PostgreSQL, a session-level advisory lock held on a connection
 * of its own for the service's life. The file lock of {@link ServiceLock} covers one machine; two
 * services on two hosts that share one PostgreSQL database would both resume the same runs. The
 * database drops the lock when the connection goes, so a service killed by kill -9 leaves none behind.
 */
final class DatabaseLease implements AutoCloseable {
    /** "hpcsweep" in ASCII: the advisory lock's key, the same for every hpc-sweep service. */
    private static final long KEY = 0x6870_6373_7765_6570L;
    private final Connection connection;

    private DatabaseLease(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lease where the database is PostgreSQL (null elsewhere: H2 is one file, locked by ServiceLock). */
    static DatabaseLease take(String url, String user, String password) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            return null;
        }
        Connection connection = DriverManager.getConnection(url, user, password);
        try (Statement statement = connection.createStatement();
             ResultSet taken = statement.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            if (taken.next() && taken.getBoolean(1)) {
                return new DatabaseLease(connection);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.close();
        throw new IllegalStateException("another hpc-sweep service holds the lease on the database " + url
                + " (a PostgreSQL advisory lock); stop it first, or give this one a database of its own");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the lock goes with the connection
        }
    }
}
