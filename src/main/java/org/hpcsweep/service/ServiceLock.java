package org.hpcsweep.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One service per state: an exclusive lock on a file beside the database, held for the service's
 * life. Two services on one database both resumed the same run and split its outcomes between their
 * aggregators, so it never reported. The OS drops the lock when the process dies, even by kill -9.
 */
final class ServiceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ServiceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The lock file of the service's state: beside an H2 file database ({@code data/hpc-sweep.service.lock}
     * by default), else in the folder of the kept inputs.
     */
    static Path fileFor(ServiceSettings settings) {
        Path h2 = Database.h2File(settings.get("hpcsweep.db.url"));
        return h2 != null ? h2.resolveSibling(h2.getFileName() + ".service.lock")
                : settings.getPath("hpcsweep.inputs").resolve("hpc-sweep.service.lock");
    }

    /** Takes the lock, or refuses naming the service that holds it. */
    static ServiceLock take(Path file) {
        PrivateFiles.directory(file.getParent());
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            PrivateFiles.restrict(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("another hpc-sweep service (" + holder(channel) + ") is using the state at "
                        + file.getParent() + "; stop it first, or give this one its own hpcsweep.db.url and hpcsweep.inputs");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new ServiceLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** What the holder wrote in the file: its pid. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "pid unknown" : text;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the lock, if any, goes with the channel
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }
}
