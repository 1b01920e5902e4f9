package io.jvtpm.examples.socket;

import io.jvtpm.examples.CommandLines;
import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.ManagedTpm;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.transport.MssimServer;
import io.jvtpm.engine.transport.SwtpmServer;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.transport.net.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code jvtpm socket ...}: the jvtpm engine behind swtpm's socket protocol, a stand-in for
 * {@code swtpm socket --tpm2} in scripts and behind QEMU's {@code -tpmdev emulator}; or behind
 * the TCG simulator's mssim protocol with {@code --protocol mssim}. Its state lives in the
 * --tpmstate directory (required, as swtpm requires it). SIGTERM, CMD_SHUTDOWN and TPM_STOP
 * stop it cleanly with the state saved.
 */
public final class SocketCommand {
    /** Set for a --daemon child: the file to create once listening. */
    static final String READY_FILE_ENV = "JVTPM_SOCKET_READY_FILE";

    private SocketCommand() {
    }

    /** Runs the command on its own (the same as {@code jvtpm socket ...}). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs until stopped; returns 0, 1 when the TPM or a socket cannot be set up, 2 on a bad command line. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** As {@link #run(String[])}, with the streams for messages. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<CommandLines.Values> parsed;
        try {
            parsed = CommandLines.parse(SocketOptions.spec(), args, SocketOptions.UsageException::new);
        } catch (SocketOptions.UsageException e) {
            err.println("jvtpm socket: " + e.getMessage());
            return 2;
        }
        if (parsed.isEmpty()) {
            out.print(SocketOptions.usage());
            return 0;
        }
        return execute(parsed.get(), args, out, err);
    }

    /**
     * Checks the options picocli read from {@code args} (the arguments after {@code socket}, which a
     * daemon passes on to its child) and serves, or prints the capabilities; the exit code as
     * {@link #run(String[])}'s.
     */
    public static int execute(CommandLines.Values values, String[] args, PrintStream out, PrintStream err) {
        if (values.flag("--print-capabilities")) {
            out.println(SocketOptions.CAPABILITIES);
            return 0;
        }
        SocketOptions o;
        try {
            o = SocketOptions.of(values);
        } catch (SocketOptions.UsageException e) {
            err.println("jvtpm socket: " + e.getMessage());
            return 2;
        }
        return serve(o, args, err);
    }

    private static int serve(SocketOptions o, String[] args, PrintStream err) {
        if (!Files.isDirectory(o.stateDir())) {
            err.println("jvtpm socket: state directory " + o.stateDir() + " does not exist");
            return 1;
        }
        if (!Files.isWritable(o.stateDir())) {
            err.println("jvtpm socket: state directory " + o.stateDir() + " is not writable");
            return 1;
        }
        if (o.daemon()) {
            return Daemon.detach(args, o, err);
        }
        configureLogging(o);
        return serve(o, err);
    }

    private static void configureLogging(SocketOptions o) {
        String level = o.logLevel() >= 5 ? "debug" : o.logLevel() >= 1 ? "info" : "warn";
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.logFile", o.logFile() == null ? "System.err" : o.logFile().toString());
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The lock file that keeps two servers off one state directory (as swtpm's .lock does). */
    public static final String LOCK_FILE = ".lock";

    private static int serve(SocketOptions o, PrintStream err) {
        Path lockPath = o.stateDir().resolve(LOCK_FILE);
        try (FileChannel lockChannel = openLockFile(lockPath)) {
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                err.println("jvtpm socket: state directory " + o.stateDir() + " is in use by another process");
                return 1;
            }
            return serveLocked(o, err);
        } catch (OverlappingFileLockException e) {
            err.println("jvtpm socket: state directory " + o.stateDir() + " is in use in this process");
            return 1;
        } catch (IOException e) {
            err.println("jvtpm socket: cannot lock state directory " + o.stateDir() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The lock file, created private (mode 0600) like every file in the state directory. */
    public static FileChannel openLockFile(Path lockPath) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lockPath.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(lockPath, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(lockPath, options);
    }

    private static int serveLocked(SocketOptions o, PrintStream err) {
        Logger log = LoggerFactory.getLogger(SocketCommand.class);
        ManagedTpm tpm;
        try {
            tpm = InProcessBackend.open(o.stateDir());
        } catch (TpmBackendException e) {
            err.println("jvtpm socket: unusable state directory " + o.stateDir() + ": " + e.getMessage());
            return 1;
        }
        Running running;
        try {
            running = startServing(tpm, o, log);
        } catch (IOException | RuntimeException e) {
            err.println("jvtpm socket: " + e.getMessage());
            closeTpm(tpm, log);
            return 1;
        }
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = stopOnSigterm(running, cleanedUp);
        try {
            announce(o);
            running.await().run();
            log.info("stopping");
            return 0;
        } catch (IOException e) {
            err.println("jvtpm socket: cannot write pid file " + o.pidFile() + ": " + e.getMessage());
            return 1;
        } finally {
            try {
                cleanUp(o, tpm, running, log);
            } finally {
                // even when the clean-up failed: the SIGTERM hook waits for this, and exit for the hook
                cleanedUp.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // SIGTERM path: the hook itself is running and waits for cleanedUp
                }
            }
        }
    }

    /**
     * Powers the TPM on (and sends the Startup asked for) unless it waits for the client's
     * init, starts the servers and gives the Unix sockets their modes; a server started is
     * closed again when a mode cannot be set.
     */
    private static Running startServing(ManagedTpm tpm, SocketOptions o, Logger log) throws IOException {
        if (o.notNeedInit()) {
            tpm.init(false);
            if (o.startup() != SocketOptions.Startup.NONE) {
                startup(tpm, o.startup(), log);
            }
        }
        Running running = start(tpm, o);
        try {
            for (SocketOptions.SocketMode m : o.socketModes()) {
                Files.setPosixFilePermissions(m.path(), permissions(m.mode()));
            }
        } catch (IOException | RuntimeException e) {
            running.close().run();
            throw e;
        }
        return running;
    }

    /** A shutdown hook that stops the servers on SIGTERM and waits up to 20 s for the clean-up. */
    private static Thread stopOnSigterm(Running running, CountDownLatch cleanedUp) {
        Thread hook = new Thread(() -> {
            running.stop().run();
            try {
                cleanedUp.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jvtpm-socket-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Writes the pid file and, when the environment names one, the ready file. */
    private static void announce(SocketOptions o) throws IOException {
        if (o.pidFile() != null) {
            writeAtomically(o.pidFile(), ProcessHandle.current().pid() + "\n");
        }
        String ready = System.getenv(READY_FILE_ENV);
        if (ready != null) {
            writeAtomically(Path.of(ready), "ready\n");
        }
    }

    /**
     * Writes {@code text} beside {@code file} and renames it into place, so that a reader (a test,
     * libvirt reading the pid file) finds no file or the whole content, never an empty one.
     */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            // a temporary file is 0600; a pid file is read by others (as swtpm's is)
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Closes the servers and the TPM and removes the pid file. */
    private static void cleanUp(SocketOptions o, ManagedTpm tpm, Running running, Logger log) {
        running.close().run();
        closeTpm(tpm, log);
        if (o.pidFile() != null) {
            try {
                Files.deleteIfExists(o.pidFile());
            } catch (IOException ignored) {
                // the pid file is gone or unwritable; nothing else to undo
            }
        }
    }

    /** The three things the command does with a started server. */
    private record Running(Runnable await, Runnable stop, Runnable close) {
    }

    private static Running start(ManagedTpm tpm, SocketOptions o) throws IOException {
        if (o.protocol() == SocketOptions.Protocol.MSSIM) {
            Endpoint.Tcp t = (Endpoint.Tcp) o.server();
            MssimServer s = MssimServer.start(tpm, t, new Endpoint.Tcp(t.host(), t.port() + 1),
                    InProcessBackend.MAX_BUFFER_SIZE, o.idleTimeout());
            return new Running(() -> awaitQuietly(s::awaitStop), s::stop, s::close);
        }
        SwtpmServer s = SwtpmServer.start(tpm, new SwtpmServer.Options(o.server(), o.control(), o.terminate(),
                InProcessBackend.MIN_BUFFER_SIZE, InProcessBackend.MAX_BUFFER_SIZE, o.idleTimeout()));
        return new Running(() -> awaitQuietly(s::awaitStop), s::stop, s::close);
    }

    private interface Wait {
        void await() throws InterruptedException;
    }

    private static void awaitQuietly(Wait w) {
        try {
            w.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static void startup(ManagedTpm tpm, SocketOptions.Startup su, Logger log) {
        int rc = TpmWire.responseCode(tpm.execute(0, TpmCommands.startup(su.su())));
        if (rc != TpmRc.SUCCESS.value() && rc != TpmRc.INITIALIZE.value()) {
            log.warn("TPM2_Startup({}) at start answered 0x{}", su, Integer.toHexString(rc));
        }
    }

    private static void closeTpm(ManagedTpm tpm, Logger log) {
        boolean saved = true;
        try {
            if (tpm.isRunning()) {
                tpm.powerOff();
            }
        } catch (RuntimeException e) {
            // one line naming the file, e.g. a state directory removed under the running server
            log.error("saving the TPM state failed: {}", e.getMessage());
            saved = false;
        }
        try {
            tpm.close();
        } catch (RuntimeException e) {
            if (saved) {
                log.error("saving the TPM state failed: {}", e.getMessage());
            }
        }
    }

    /** --daemon: the same command line without --daemon in a detached child, once it listens. */
    static final class Daemon {
        private Daemon() {
        }

        static int detach(String[] args, SocketOptions o, PrintStream err) {
            ProcessHandle.Info info = ProcessHandle.current().info();
            if (info.command().isEmpty() || info.arguments().isEmpty()) {
                err.println("jvtpm socket: --daemon cannot find this JVM's command line");
                return 1;
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(info.command().get());
            for (String a : info.arguments().get()) {
                if (!a.equals("--daemon")) {
                    cmd.add(a);
                }
            }
            try {
                Path ready = Files.createTempFile("jvtpm-socket", ".ready");
                Files.delete(ready);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                if (o.logFile() == null) {
                    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                } else {
                    pb.redirectError(ProcessBuilder.Redirect.appendTo(o.logFile().toFile()));
                }
                pb.environment().put(READY_FILE_ENV, ready.toString());
                Process child = pb.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(ready)) {
                    if (!child.isAlive()) {
                        err.println("jvtpm socket: the daemon exited at start with code " + child.exitValue()
                                + (o.logFile() == null ? " (run without --daemon to see why)" : " (see " + o.logFile() + ")"));
                        return 1;
                    }
                    if (System.nanoTime() > deadline) {
                        child.destroy();
                        err.println("jvtpm socket: the daemon did not start listening within 60 s");
                        return 1;
                    }
                    Thread.sleep(20);
                }
                Files.deleteIfExists(ready);
                return 0;
            } catch (IOException e) {
                err.println("jvtpm socket: cannot start the daemon: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
