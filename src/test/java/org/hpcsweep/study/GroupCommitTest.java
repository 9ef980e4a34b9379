package org.hpcsweep.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes sharing commits: each caller's write is committed when it returns, and one bad write fails only its caller. */
class GroupCommitTest {
    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private JdbcTemplate jdbc;
    private GroupCommit writes;

    @BeforeEach
    void open() {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0", "sa", "");
        jdbc = new JdbcTemplate(pool);
        jdbc.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR NOT NULL)");
        writes = new GroupCommit(jdbc, new TransactionTemplate(new DataSourceTransactionManager(pool)));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private String committed(int k) {
        List<String> v = jdbc.queryForList("SELECT v FROM t WHERE k = ?", String.class, k);
        return v.isEmpty() ? null : v.get(0);
    }

    @Test
    void should_have_committed_each_write_when_it_returns_while_threads_write_at_once() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> seen = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int base = t * 1000;
            seen.add(threads.submit(() -> {
                go.await();
                List<String> afterEach = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    writes.write(new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (?, ?)", base + i, "v" + (base + i)));
                    // Read on another connection of the pool: only a committed row is seen there.
                    afterEach.add(committed(base + i));
                }
                return afterEach;
            }));
        }
        go.countDown();
        for (int t = 0; t < 8; t++) {
            List<String> afterEach = seen.get(t).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) {
                assertEquals("v" + (t * 1000 + i), afterEach.get(i));
            }
        }
        threads.shutdown();
        assertEquals(400, jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class));
    }

    @Test
    void should_fail_only_the_caller_of_a_bad_write_and_keep_its_unit_whole() throws Exception {
        writes.write(new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (1, 'one')"));
        // Left waiting, so that the bad write below is committed in the same group as this one.
        writes.writeLater(new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (2, 'two')"));

        assertThrows(DataAccessException.class, () -> writes.write(
                new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (3, 'three')"),
                new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (1, 'again')")));

        assertEquals("two", committed(2));
        assertEquals(null, committed(3), "a unit is committed whole or not at all");
        assertEquals("one", committed(1));
    }

    @Test
    void should_commit_a_deferred_write_with_the_next_one_that_is_waited_on_and_before_it() {
        writes.write(new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (1, 'planned')"));
        writes.writeLater(new GroupCommit.Statement("UPDATE t SET v = 'created' WHERE k = 1"));
        assertEquals("planned", committed(1), "not committed until a later write is waited on");

        writes.write(new GroupCommit.Statement("UPDATE t SET v = v || ', submitting' WHERE k = 1"));

        assertEquals("created, submitting", committed(1));
    }

    @Test
    void should_commit_deferred_writes_on_flush_with_no_later_write() {
        writes.write(new GroupCommit.Statement("INSERT INTO t (k, v) VALUES (1, 'planned')"));
        writes.writeLater(new GroupCommit.Statement("UPDATE t SET v = 'submitted' WHERE k = 1"));

        writes.flush();

        assertEquals("submitted", committed(1), "a stopping service keeps what it left to the next commit");
        writes.flush();
        assertEquals("submitted", committed(1), "a flush with nothing waiting changes nothing");
    }
}
