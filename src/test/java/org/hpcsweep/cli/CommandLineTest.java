package org.hpcsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user meets them: help, a misspelt setting, a port in use, cancelling a run that is not there. */
class CommandLineTest {

    @TempDir
    Path dir;

    /** What one command line printed and how it exited. */
    record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // The commands write to System.out/err themselves, so both are captured, not only picocli's writers.
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = HpcSweep.commandLine().execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void should_answer_usage_with_exit_0_for_help_on_every_command() {
        for (String command : new String[] {"run", "serve", "cancel", "platform", "sample"}) {
            for (String help : new String[] {"--help", "-h"}) {
                Outcome o = run(command, help);
                assertEquals(0, o.exit(), command + " " + help + ": " + o.err());
                assertTrue(o.out().contains("Usage: hpc-sweep " + command), o.out());
            }
        }
        assertEquals(0, run("--help").exit());
    }

    @Test
    void should_refuse_a_misspelt_setting_naming_the_closest_known_key() {
        Outcome o = run("serve", "--set", "hpcsweep.outptu=x");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("unknown setting 'hpcsweep.outptu'; did you mean 'hpcsweep.output'?"), o.err());
    }

    @Test
    void should_fail_serve_with_one_line_when_the_api_port_is_in_use() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome o = run("serve", "--set", "hpcsweep.api.port=" + taken.getLocalPort());
            assertEquals(1, o.exit());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains("port " + taken.getLocalPort() + " on 127.0.0.1 (hpcsweep.api.port) cannot be used"), o.err());
            assertFalse(o.out().contains("serving"), o.out());
        }
    }

    @Test
    void should_fail_platform_with_one_line_and_exit_2_when_an_option_is_refused() {
        Outcome o = run("platform", "--port", "0", "--data-dir", dir.resolve("platform").toString(), "--keep-completed", "PT0S");
        assertEquals(2, o.exit(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("hpc-sweep platform: the local platform keeps completed jobs for PT0S; give a positive duration"),
                o.err());
        assertFalse(Files.exists(dir.resolve("platform").resolve("api-key")), "no key file is written when an option is refused");
    }

    @Test
    void should_fail_platform_with_one_line_when_its_port_is_in_use() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Outcome o = run("platform", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dir.toString());
            assertEquals(1, o.exit());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains("(--port) cannot be used"), o.err());
            assertFalse(Files.exists(dir.resolve("api-key")), "nothing is written when the platform cannot start");
        }
    }

    @Test
    void should_say_no_run_id_here_with_exit_4_when_cancelling_a_run_the_service_does_not_run() throws Exception {
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/api/studies/", exchange -> {
            byte[] body = "{\"status\":409,\"detail\":\"run nope is not running here\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(409, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        try {
            Path token = Files.writeString(dir.resolve("token"), "secret\n");
            Outcome o = run("cancel", "nope", "--set", "hpcsweep.api.port=" + service.getAddress().getPort(),
                    "--set", "hpcsweep.api.token-file=" + token);
            assertEquals(CancelCommand.NOT_RUNNING, o.exit());
            assertTrue(o.err().contains("no run ID nope here"), o.err());
        } finally {
            service.stop(0);
        }
    }
}
