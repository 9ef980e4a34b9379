package org.hpcsweep.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;

/**
 * Hands out this machine's cores honestly: a job asking for N cores starts only when N cores are
 * free, and jobs start in the order they were submitted (a big job at the head waits rather than be
 * overtaken for ever by small ones). Waiting jobs stay {@code Queued}.
 */
final class LocalScheduler {
    private final int totalCores;
    private final JobRunner runner;
    private final ExecutorService executor;
    private final Deque<LocalJob> queue = new ArrayDeque<>();
    private int freeCores;
    private int peakBusy;

    LocalScheduler(int totalCores, JobRunner runner, ExecutorService executor) {
        this.totalCores = totalCores;
        this.freeCores = totalCores;
        this.runner = runner;
        this.executor = executor;
    }

    int totalCores() {
        return totalCores;
    }

    synchronized void submit(LocalJob job) {
        job.status(LocalJob.QUEUED, null);
        queue.addLast(job);
        dispatch();
    }

    /** A job an earlier run of the platform queued: queued again, its history unchanged. */
    synchronized void requeue(LocalJob job) {
        queue.addLast(job);
        dispatch();
    }

    /**
     * A job an earlier run of the platform started and that still runs: it holds its cores (before
     * any queued job gets them) until {@code watch}, which waits for it, returns.
     */
    synchronized void adopt(LocalJob job, Runnable watch) {
        freeCores -= claim(job);
        peakBusy = Math.max(peakBusy, totalCores - freeCores);
        executor.execute(() -> {
            try {
                watch.run();
            } finally {
                release(job);
            }
        });
    }

    /** A stop before the job started: it leaves the queue without ever taking cores. */
    synchronized boolean withdraw(LocalJob job) {
        return queue.remove(job);
    }

    /** The most cores ever busy at once, for tests of the accounting. */
    synchronized int peakBusyCores() {
        return peakBusy;
    }

    /**
     * The cores a job holds while it runs: all it asked for, or the whole machine for an
     * oversubscribed job (accepted only when the settings allow), which would otherwise wait for ever.
     */
    private int claim(LocalJob job) {
        return Math.min(job.cores(), totalCores);
    }

    private void dispatch() {
        while (!queue.isEmpty() && claim(queue.peekFirst()) <= freeCores) {
            LocalJob job = queue.peekFirst();
            try {
                executor.execute(() -> {
                    try {
                        runner.run(job);
                    } finally {
                        release(job);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The platform is stopping (its pool takes no more): the job stays queued, in its record too, for the next start.
                return;
            }
            queue.pollFirst();
            freeCores -= claim(job);
            peakBusy = Math.max(peakBusy, totalCores - freeCores);
        }
    }

    private synchronized void release(LocalJob job) {
        freeCores += claim(job);
        dispatch();
    }
}
