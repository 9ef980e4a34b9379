package org.hpcsweep.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The service's database: an embedded H2 file by default (nothing to set up), PostgreSQL or any
 * JDBC database by URL. Flyway brings its schema to the current version at start-up.
 */
public final class Database {

    private Database() {
    }

    /** Opens the database at {@code url} and migrates it; the caller closes H2 pools via {@link #close}. */
    public static DataSource open(String url, String user, String password) {
        DataSource dataSource;
        Path h2File = h2File(url);
        if (h2File != null) {
            PrivateFiles.directory(h2File.getParent());
        }
        if (url.startsWith("jdbc:h2:")) {
            // Every commit reaches the file at once (H2 otherwise delays writes up to a second, which a
            // kill -9 would lose); a pool keeps the database open between calls.
            String durable = url.toUpperCase().contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
            // H2 keeps 8 parsed statements per connection; the store uses more than that, and parsing
            // them again was a fifth of each write (bench/ANALYSIS.md, submit phase).
            durable = durable.toUpperCase().contains("QUERY_CACHE_SIZE") ? durable : durable + ";QUERY_CACHE_SIZE=64";
            // The service closes it when it stops (after its last writes); H2's own exit hook closed it
            // under the service's feet on Ctrl-C or SIGTERM ("Database is already closed").
            durable = durable.toUpperCase().contains("DB_CLOSE_ON_EXIT") ? durable : durable + ";DB_CLOSE_ON_EXIT=FALSE";
            dataSource = JdbcConnectionPool.create(durable, user, password);
        } else {
            dataSource = new SimpleDriverDataSource(driverFor(url), url, user, password);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        if (h2File != null) {
            restrictFiles(h2File);
        }
        return dataSource;
    }

    /** The path an H2 file URL names (without H2's .mv.db), or null for any other database. */
    static Path h2File(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return null;
        }
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** H2 creates its files as the umask says; they hold every run and are the service's alone. */
    private static void restrictFiles(Path h2File) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(h2File.getParent(), h2File.getFileName() + ".*")) {
            files.forEach(PrivateFiles::restrict);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the database files of " + h2File + " private", e);
        }
    }

    public static void close(DataSource dataSource) {
        if (dataSource instanceof JdbcConnectionPool pool) {
            pool.dispose();
        }
    }

    private static java.sql.Driver driverFor(String url) {
        try {
            return java.sql.DriverManager.getDriver(url);
        } catch (java.sql.SQLException e) {
            throw new IllegalArgumentException("no JDBC driver for " + url.replaceAll("password=[^;&]*", "password=****")
                    + " (hpc-sweep bundles H2 and PostgreSQL)", e);
        }
    }
}
