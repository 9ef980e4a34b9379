package org.hpcsweep.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: the writes that threads make while a commit is under way go to the database
 * together, in the next transaction, and each caller still returns only once its own write is
 * committed (a step recorded before a platform call is on disk before that call is made).
 *
 * <p>Why: every commit is a write to the database file (H2 with WRITE_DELAY=0 stores a chunk per
 * commit under one lock; PostgreSQL flushes its log), and placement, monitoring and collection write
 * a few rows per job each. One commit per row made the 1,000-job submit phase queue on that lock
 * (bench/ANALYSIS.md); threads that would have waited for it now share the next commit instead.
 *
 * <p>No thread of its own: the first caller to take the commit lock commits every write waiting then.
 * A write is a unit of statements committed together or not at all. When a group's transaction fails,
 * each of its units is tried again in a transaction of its own, so that one bad write fails only its
 * own caller.
 *
 * <p>A write that no call waits on (one a crash may lose, because the restart reconciles it with the
 * platform anyway) can be left to the next commit ({@link #writeLater}): writes are committed in the
 * order they were made, so a later write that is waited on commits it first, and a service that stops
 * commits what is left ({@link #flush}) before it closes the database.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger("hpcsweep.store");
    record Statement(String sql, Object... args) {
    }

    private static final class Unit {
        final List<Statement> statements;
        final boolean awaited;
        boolean done;
        RuntimeException failure;

        Unit(List<Statement> statements, boolean awaited) {
            this.statements = statements;
            this.awaited = awaited;
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ConcurrentLinkedQueue<Unit> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    GroupCommit(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Commits the statements together, with whatever other writes are waiting; returns once they are committed. */
    void write(Statement... statements) {
        Unit unit = new Unit(List.of(statements), true);
        waiting.add(unit);
        commitUpTo(unit);
        if (unit.failure != null) {
            throw unit.failure;
        }
    }

    /** Commits whatever writes are waiting ({@link #writeLater}'s included); returns once they are committed. */
    void flush() {
        commitUpTo(null);
    }

    /** Takes the commit lock and commits every write waiting then, unless another caller already committed {@code unit}. */
    private void commitUpTo(Unit unit) {
        committing.lock();
        try {
            // Another caller may have committed this unit with its group while this one waited for the lock.
            if (unit == null || !unit.done) {
                List<Unit> group = new ArrayList<>();
                for (Unit next = waiting.poll(); next != null; next = waiting.poll()) {
                    group.add(next);
                }
                if (!group.isEmpty()) {
                    commit(group);
                }
            }
        } finally {
            committing.unlock();
        }
    }

    /**
     * Queues the statements for the next commit, whoever makes it, and returns at once. Only for a
     * write whose loss in a crash the restart makes good (it is not made durable until some later
     * write is waited on).
     */
    void writeLater(Statement... statements) {
        waiting.add(new Unit(List.of(statements), false));
    }

    private void commit(List<Unit> group) {
        try {
            transaction.executeWithoutResult(t -> group.forEach(this::apply));
            group.forEach(unit -> unit.done = true);
        } catch (RuntimeException together) {
            for (Unit unit : group) {
                try {
                    if (group.size() == 1) {
                        throw together;
                    }
                    transaction.executeWithoutResult(t -> apply(unit));
                } catch (RuntimeException alone) {
                    unit.failure = alone;
                    if (!unit.awaited) {
                        LOG.warn("a deferred write was not stored ({}): {}", alone.getMessage(), unit.statements.get(0).sql());
                    }
                }
                unit.done = true;
            }
        }
    }

    private void apply(Unit unit) {
        for (Statement statement : unit.statements) {
            jdbc.update(statement.sql(), statement.args());
        }
    }
}
