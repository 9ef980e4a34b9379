package org.hpcsweep.cli;

/**
 * Closes the command's service when the JVM exits on Ctrl-C or SIGTERM, and holds the exit until it is
 * closed. The JVM exits as soon as its shutdown hooks are done, and Camel's hook is done once Camel has
 * stopped: without this one, the service's own close after that (its embedded platform's jobs stopped
 * or left running with their records written, the last commits, the database) was cut off half-way,
 * and a command waiting for a study (run) never got to close at all. The service's close runs once,
 * whichever of this hook and the command's own try-with-resources gets there first.
 */
final class ClosingHook implements AutoCloseable {
    private final Thread hook;

    ClosingHook(AutoCloseable service) {
        hook = new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("hpc-sweep: stopping: " + RunCommand.rootMessage(e));
            }
        }, "hpc-sweep-closing");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command closed the service itself: nothing left to do at exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting and the hook runs; the service's close is idempotent
        }
    }
}
