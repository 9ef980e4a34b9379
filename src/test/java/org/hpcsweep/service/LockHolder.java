package org.hpcsweep.service;

import java.nio.file.Path;

/** Another process holding a service's state: takes the lock of args[0], says so, and holds it until its input ends. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (ServiceLock held = ServiceLock.take(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes our input
            }
        }
    }
}
