package io.jvtpm.examples.socket;

import io.jvtpm.engine.testing.PrivateState;
import io.jvtpm.engine.wire.TpmCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvtpm socket} end to end in-process: start, serve, CMD_SHUTDOWN, state on disk; bad input. */
class SocketCommandTest {

    @Test
    void printCapabilitiesListsOnlyTrueFeatures() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = SocketCommand.run(new String[] {"--tpm2", "--print-capabilities"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, rc);
        assertEquals("{ \"type\": \"swtpm\", \"features\": [ \"tpm-2.0\", \"flags-opt-startup\" ],"
                + " \"version\": \"0.1.0\" }\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingStateDirectoryIsOneLine(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SocketCommand.run(new String[] {"--tpmstate", "dir=" + dir.resolve("nope"), "--server", "port=1"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("jvtpm socket: state directory " + dir.resolve("nope") + " does not exist\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stateDirectoryInUseIsRefused(@TempDir Path dir) throws Exception {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve(".lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = SocketCommand.run(new String[] {"--tpmstate", "dir=" + dir, "--server", "port=0"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, rc);
            assertEquals("jvtpm socket: state directory " + dir + " is in use in this process\n",
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void stateDirectoryLockedByAnotherProcessIsRefused(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.resolve(SocketCommand.LOCK_FILE).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("locked", out.readLine());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = SocketCommand.run(new String[] {"--tpmstate", "dir=" + dir, "--server", "port=0"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, rc);
            assertEquals("jvtpm socket: state directory " + dir + " is in use by another process\n",
                    err.toString(StandardCharsets.UTF_8));
            assertFalse(Files.exists(dir.resolve("permanent.state")), "the TPM was not opened");
        } finally {
            holder.getOutputStream().close();
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void sigtermWhenTheStateCannotBeSavedEndsAtOnceWithOneLine(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path pid = dir.resolve("pid");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                io.jvtpm.examples.Main.class.getName(), "socket", "--tpm2", "--tpmstate", "dir=" + state,
                "--server", "type=unixio,path=" + dir.resolve("data.sock"), "--ctrl",
                "type=unixio,path=" + dir.resolve("ctrl.sock"), "--flags", "not-need-init,startup-clear",
                "--pid", "file=" + pid)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pid)) {
                assertTrue(System.nanoTime() < deadline, "pid file never written");
                assertTrue(server.isAlive(), "server ended early");
                Thread.sleep(20);
            }
            // the state directory goes away under the running server: its last save must fail
            try (var files = Files.list(state)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(state);
            server.destroy(); // SIGTERM
            // before the fix the SIGTERM hook waited 20 s for a clean-up that had thrown
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "jvtpm socket did not end after SIGTERM");
            List<String> errors = Files.readAllLines(dir.resolve("err")).stream()
                    .filter(l -> l.contains("saving the TPM state failed")).toList();
            assertEquals(1, errors.size(), () -> "stderr: " + errors);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void corruptStateIsOneLine(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("permanent.state"), new byte[] {1, 2, 3, 4, 5});
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SocketCommand.run(new String[] {"--tpmstate", "dir=" + dir, "--server", "port=0"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.startsWith("jvtpm socket: unusable state directory " + dir + ": ") && msg.endsWith("\n")
                && msg.indexOf('\n') == msg.length() - 1, msg);
    }

    @Test
    void badFlagIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SocketCommand.run(new String[] {"--tpmstate", "dir=x", "--server", "port=1", "--flags", "turbo"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, rc);
        assertEquals("jvtpm socket: --flags: unknown flag 'turbo'\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void servesUntilShutdownAndLeavesStateAndNoPidFile(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path pid = dir.resolve("pid");
        Path data = dir.resolve("data.sock");
        Path ctrl = dir.resolve("ctrl.sock");
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> SocketCommand.run(new String[] {
            "--tpm2", "--tpmstate", "dir=" + state, "--server", "type=unixio,path=" + data,
            "--ctrl", "type=unixio,path=" + ctrl, "--flags", "not-need-init,startup-clear", "--pid", "file=" + pid}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pid)) {
            assertTrue(System.nanoTime() < deadline, "pid file never written");
            assertFalse(rc.isDone(), "command ended early");
            Thread.sleep(20);
        }
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pid));
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(data))) {
            OutputStream out = Channels.newOutputStream(s);
            InputStream in = Channels.newInputStream(s);
            out.write(TpmCommands.getRandom(16));
            byte[] rsp = in.readNBytes(10 + 2 + 16);
            assertEquals("80010000001c00000000", HexFormat.of().formatHex(rsp, 0, 10));
        }
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(ctrl))) {
            Channels.newOutputStream(s).write(HexFormat.of().parseHex("00000012" + "0000000000000003" + "00000000" + "00000000"));
            byte[] head = Channels.newInputStream(s).readNBytes(12);
            assertEquals("00000000", HexFormat.of().formatHex(head, 0, 4));
            int len = java.nio.ByteBuffer.wrap(head, 8, 4).getInt();
            String info = new String(Channels.newInputStream(s).readNBytes(len), StandardCharsets.US_ASCII);
            assertTrue(info.matches("\\{\"TPMSpecification\":\\{\"family\":\"2\\.0\",\"level\":0,\"revision\":[0-9]+\\},"
                    + "\"TPMAttributes\":\\{\"manufacturer\":\"id:[0-9A-F]{8}\",\"version\":\"id:[0-9A-F]{8}\","
                    + "\"model\":\"jvtpm\"\\}\\}\u0000"), info);
        }
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(ctrl))) {
            Channels.newOutputStream(s).write(new byte[] {0, 0, 0, 3});
            assertEquals("00000000", HexFormat.of().formatHex(Channels.newInputStream(s).readNBytes(4)));
        }
        assertEquals(0, rc.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(pid));
        // created 0755 above (umask 022), made private by the server: the directory 0700, its files 0600
        assertTrue(PrivateState.assertPrivate(state)
                .containsAll(List.of(SocketCommand.LOCK_FILE, "permanent.state")), "state and lock in the state directory");
    }

    @Test
    void unixControlSocketGetsItsModeAndShutsDown(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path ctrl = dir.resolve("ctrl.sock");
        Path pid = dir.resolve("pid");
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> SocketCommand.run(new String[] {
            "--tpm2", "--tpmstate", "dir=" + state, "--ctrl", "type=unixio,path=" + ctrl + ",mode=0600",
            "--pid", "file=" + pid}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pid)) {
            assertTrue(System.nanoTime() < deadline, "pid file never written");
            assertFalse(rc.isDone(), "command ended early");
            Thread.sleep(20);
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ctrl)));
        try (var c = io.jvtpm.engine.transport.net.FdConnection.connectUnix(ctrl)) {
            c.write(new byte[] {0, 0, 0, 3});
            byte[] answer = new byte[4];
            assertEquals(4, c.readFully(answer, 0, 4, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
            assertEquals("00000000", HexFormat.of().formatHex(answer));
        }
        assertEquals(0, rc.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(ctrl), "socket file removed");
    }
}
