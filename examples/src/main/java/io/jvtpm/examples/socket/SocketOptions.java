package io.jvtpm.examples.socket;

import io.jvtpm.engine.transport.SocketServer;
import io.jvtpm.engine.transport.net.Endpoint;
import io.jvtpm.engine.wire.TpmSu;

import io.jvtpm.examples.CommandLines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code jvtpm socket}: the options of {@code swtpm socket} (swtpm 0.7.1's
 * man page) that a script or QEMU's {@code -tpmdev emulator} set-up passes, plus
 * {@code --protocol swtpm|mssim}.
 *
 * @param stateDir --tpmstate dir=D (required, as swtpm requires it; must exist)
 * @param server --server type=tcp,port=N[,bindaddr=A] | type=unixio,path=P, or null
 * @param control --ctrl type=tcp,port=N[,bindaddr=A] | type=unixio,path=P, or null
 * @param notNeedInit --flags not-need-init: the TPM is initialized at start, no CMD_INIT needed
 * @param startup --flags startup-clear|startup-state: TPM2_Startup sent at start (implies not-need-init)
 * @param pidFile --pid file=F, or null
 * @param logFile --log file=F, or null for stderr
 * @param logLevel --log level=N (0 warnings only, 1..4 info, 5 and up debug)
 * @param terminate --terminate: stop when the control client disconnects
 * @param daemon --daemon: detach once listening
 * @param protocol --protocol swtpm (default) or mssim
 * @param socketModes the file modes asked for unix sockets (type=unixio,...,mode=0600)
 * @param idleTimeout --idle-timeout SECONDS: how long a silent client keeps its socket from a
 *        client waiting for it (jvtpm's own; swtpm has none); 0 leaves newcomers in the listen backlog
 */
public record SocketOptions(Path stateDir, Endpoint server, Endpoint control, boolean notNeedInit,
                            Startup startup, Path pidFile, Path logFile, int logLevel, boolean terminate,
                            boolean daemon, Protocol protocol, List<SocketMode> socketModes, Duration idleTimeout) {

    public SocketOptions {
        socketModes = List.copyOf(socketModes);
    }

    /** A unix socket file and the permission bits (octal mode=) it gets once listening. */
    public record SocketMode(Path path, int mode) {
    }

    /** The wire protocol served. */
    public enum Protocol {
        /** swtpm's data + control channels. */
        SWTPM,
        /** The TCG simulator's TPM socket (--server port) and platform socket (port + 1). */
        MSSIM
    }

    /** What TPM2_Startup to send at start. */
    public enum Startup {
        NONE(null), CLEAR(TpmSu.CLEAR), STATE(TpmSu.STATE);

        private final TpmSu su;

        Startup(TpmSu su) {
            this.su = su;
        }

        /** The TPM_SU sent, or null for {@link #NONE}. */
        public TpmSu su() {
            return su;
        }
    }

    /** A command line that cannot be used; the message names the problem. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The longest --idle-timeout: a day. */
    private static final long MAX_IDLE_SECONDS = 86_400;

    private static final String ENDPOINT = "type=tcp,port=N[,bindaddr=ADDR]|type=unixio,path=PATH[,mode=0600]";

    /** The options of {@code jvtpm socket}: swtpm's, each value in its key=value syntax. */
    public static CommandLines.Spec spec() {
        return CommandLines.Spec.command("socket", "Serves the jvtpm TPM 2.0 engine (state in DIR) the way 'swtpm socket"
                        + " --tpm2' does. --protocol mssim serves the TCG simulator protocol instead: TPM commands on the"
                        + " --server TCP port, platform signals on that port + 1 (tpm2-tss TCTI mssim:host=...,port=N)."
                        + " SIGTERM or CMD_SHUTDOWN (mssim: TPM_STOP) stops the server with the state saved.")
                .flag("--tpm2", "TPM 2.0 (the only kind jvtpm emulates)")
                .option("--tpmstate", "dir=DIR[,mode=0600]", "the TPM's state directory (required; its files are 0600)")
                .option("--server", ENDPOINT, "the TPM command channel")
                .option("--ctrl", ENDPOINT, "the swtpm control channel")
                .option("--flags", "not-need-init,startup-clear|startup-state", "no TPM2_Init needed; the Startup sent at start")
                .option("--pid", "file=FILE", "write the process id to FILE")
                .option("--log", "file=FILE,level=N", "log to FILE; level 0 warnings .. 5 debug")
                .flag("--terminate", "stop when the control client disconnects")
                .flag("--daemon", "detach once listening")
                .flag("--print-capabilities", "print the features as swtpm does (JSON) and exit")
                .option("--key", "KEY", "refused: state encryption is not supported yet (the state is kept in clear)")
                .option("--migration-key", "KEY", "refused: state encryption is not supported yet")
                .option("--migration", "FLAGS", "refused: the storage lock cannot be released or deferred yet")
                .option("--protocol", "swtpm|mssim", "the wire protocol (default: swtpm)")
                .option("--idle-timeout", "SECONDS", "a client silent this long gives its socket to a waiting one;"
                        + " a waiting client gets it within this long or is closed (default: "
                        + SocketServer.DEFAULT_IDLE_TIMEOUT.toSeconds() + "; 0: wait in the backlog, as swtpm)");
    }

    /** The usage text. */
    public static String usage() {
        return CommandLines.usage(spec());
    }

    /** Parses the arguments after {@code socket}; {@code --help} gives an empty result. */
    public static Optional<SocketOptions> parseOrHelp(String[] args) throws UsageException {
        Optional<CommandLines.Values> v = CommandLines.parse(spec(), args, UsageException::new);
        return v.isEmpty() ? Optional.empty() : Optional.of(of(v.get()));
    }

    /** Parses the arguments after {@code socket}. */
    public static SocketOptions parse(String[] args) throws UsageException {
        return parseOrHelp(args).orElseThrow(() -> new UsageException("--help is not an option to serve with"));
    }

    /** The option values as given. */
    private record Flags(String tpmState, String server, String control, String flags, String pid, String log,
            boolean terminate, boolean daemon, String protocol, String idleTimeout) {
    }

    /** --flags as given: not-need-init and the Startup to send. */
    private record StartFlags(boolean notNeedInit, Startup startup) {
        static final StartFlags NONE = new StartFlags(false, Startup.NONE);
    }

    /** --log as given: the file (null for none) and the level. */
    private record LogOption(Path file, int level) {
        static final LogOption NONE = new LogOption(null, 0);
    }

    /**
     * swtpm socket --print-capabilities: only the features this server has (tpm-2.0 and --flags
     * startup-*); none of the key, migration, seccomp or backend-uri ones.
     */
    public static final String CAPABILITIES = "{ \"type\": \"swtpm\", \"features\": [ \"tpm-2.0\","
            + " \"flags-opt-startup\" ], \"version\": \"0.1.0\" }";

    /** Checks the values the command line gave: the swtpm key=value syntax of each. */
    public static SocketOptions of(CommandLines.Values v) throws UsageException {
        refuseUnsupported(v);
        Flags f = new Flags(v.value("--tpmstate"), v.value("--server"), v.value("--ctrl"), v.value("--flags"),
                v.value("--pid"), v.value("--log"), v.flag("--terminate"), v.flag("--daemon"), v.value("--protocol"),
                v.value("--idle-timeout"));
        Path stateDir = f.tpmState == null ? null : stateDir(f.tpmState);
        List<SocketMode> modes = new ArrayList<>();
        Endpoint server = f.server == null ? null : endpoint("--server", f.server, modes);
        Endpoint control = f.control == null ? null : endpoint("--ctrl", f.control, modes);
        StartFlags start = f.flags == null ? StartFlags.NONE : startFlags(f.flags);
        Path pidFile = f.pid == null ? null : pidFile(f.pid);
        LogOption log = f.log == null ? LogOption.NONE : logOption(f.log);
        Protocol protocol = f.protocol == null ? Protocol.SWTPM : protocol(f.protocol);
        Duration idle = f.idleTimeout == null ? SocketServer.DEFAULT_IDLE_TIMEOUT : idleTimeout(f.idleTimeout);
        if (stateDir == null) {
            throw new UsageException("--tpmstate dir=DIR is required");
        }
        boolean notNeedInit = start.notNeedInit() || start.startup() != Startup.NONE;
        checkEndpoints(protocol, server, control, f.terminate);
        return new SocketOptions(stateDir, server, control, notNeedInit, start.startup(), pidFile, log.file(),
                log.level(), f.terminate, f.daemon, protocol, modes, idle);
    }

    /** swtpm's options jvtpm cannot honour yet: one line saying so rather than a TPM that is not what was asked. */
    private static void refuseUnsupported(CommandLines.Values v) throws UsageException {
        if (v.value("--key") != null || v.value("--migration-key") != null) {
            throw new UsageException((v.value("--key") != null ? "--key" : "--migration-key")
                    + ": state encryption is not supported yet; jvtpm keeps its state in clear");
        }
        if (v.value("--migration") != null) {
            throw new UsageException("--migration: not supported yet; the state directory stays locked while serving");
        }
    }

    private static Path stateDir(String spec) throws UsageException {
        Map<String, String> kv = keyValues("--tpmstate", spec, Set.of("dir", "mode"));
        String mode = kv.get("mode");
        if (mode != null && !mode.matches("0?600")) {
            throw new UsageException("--tpmstate: mode=" + mode + " is not supported; jvtpm keeps its state files 0600");
        }
        String dir = kv.get("dir");
        if (dir == null || dir.isEmpty()) {
            throw new UsageException("--tpmstate needs dir=DIR");
        }
        return Path.of(dir);
    }

    private static StartFlags startFlags(String spec) throws UsageException {
        boolean notNeedInit = false;
        Startup startup = Startup.NONE;
        for (String flag : spec.split(",")) {
            switch (flag) {
                case "not-need-init" -> notNeedInit = true;
                case "startup-clear" -> startup = Startup.CLEAR;
                case "startup-state" -> startup = Startup.STATE;
                case "startup-none" -> startup = Startup.NONE;
                default -> throw new UsageException("--flags: unknown flag '" + flag + "'");
            }
        }
        return new StartFlags(notNeedInit, startup);
    }

    private static Path pidFile(String spec) throws UsageException {
        Map<String, String> kv = keyValues("--pid", spec, Set.of("file"));
        if (kv.get("file") == null || kv.get("file").isEmpty()) {
            throw new UsageException("--pid needs file=FILE");
        }
        return Path.of(kv.get("file"));
    }

    private static LogOption logOption(String spec) throws UsageException {
        Map<String, String> kv = keyValues("--log", spec, Set.of("file", "level"));
        Path file = kv.containsKey("file") ? Path.of(kv.get("file")) : null;
        int level = kv.containsKey("level") ? number("--log", "level", kv.get("level"), 0, 100) : 0;
        return new LogOption(file, level);
    }

    private static Duration idleTimeout(String spec) throws UsageException {
        try {
            long s = Long.parseLong(spec);
            if (s >= 0 && s <= MAX_IDLE_SECONDS) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new UsageException("--idle-timeout: '" + spec + "' is not a number of seconds 0.." + MAX_IDLE_SECONDS);
    }

    private static Protocol protocol(String spec) throws UsageException {
        String p = spec.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "swtpm" -> Protocol.SWTPM;
            case "mssim" -> Protocol.MSSIM;
            default -> throw new UsageException("--protocol must be swtpm or mssim, not '" + p + "'");
        };
    }

    /** mssim serves on a TCP port and port+1 with no control channel; swtpm needs a server or a control. */
    private static void checkEndpoints(Protocol protocol, Endpoint server, Endpoint control, boolean terminate)
            throws UsageException {
        if (protocol == Protocol.MSSIM) {
            if (!(server instanceof Endpoint.Tcp tcp)) {
                throw new UsageException("--protocol mssim needs --server type=tcp,port=N");
            }
            if (tcp.port() == 65535) {
                throw new UsageException("--protocol mssim needs port+1 for the platform socket; port 65535 has none");
            }
            if (control != null) {
                throw new UsageException("--ctrl is not used with --protocol mssim (the platform socket is port+1)");
            }
            if (terminate) {
                throw new UsageException("--terminate needs the swtpm control channel, not --protocol mssim");
            }
        } else if (server == null && control == null) {
            throw new UsageException("give --server and/or --ctrl");
        }
    }

    private static Endpoint endpoint(String option, String spec, List<SocketMode> modes) throws UsageException {
        Map<String, String> kv = keyValues(option, spec, Set.of("type", "port", "bindaddr", "path", "mode"));
        String type = kv.getOrDefault("type", "tcp");
        switch (type) {
            case "tcp" -> {
                if (kv.containsKey("path") || kv.containsKey("mode")) {
                    throw new UsageException(option + ": path= and mode= go with type=unixio");
                }
                String port = kv.get("port");
                if (port == null) {
                    throw new UsageException(option + " type=tcp needs port=N");
                }
                return new Endpoint.Tcp(kv.getOrDefault("bindaddr", "127.0.0.1"), number(option, "port", port, 0, 65535));
            }
            case "unixio" -> {
                String path = kv.get("path");
                if (path == null || path.isEmpty()) {
                    throw new UsageException(option + " type=unixio needs path=PATH");
                }
                if (kv.containsKey("port") || kv.containsKey("bindaddr")) {
                    throw new UsageException(option + ": port=/bindaddr= go with type=tcp");
                }
                if (kv.containsKey("mode")) {
                    String m = kv.get("mode");
                    if (!m.matches("0?[0-7]{1,3}")) {
                        throw new UsageException(option + ": mode=" + m + " is not an octal file mode");
                    }
                    modes.add(new SocketMode(Path.of(path), Integer.parseInt(m, 8)));
                }
                return new Endpoint.Unix(Path.of(path));
            }
            default -> throw new UsageException(option + ": type must be tcp or unixio, not '" + type + "'");
        }
    }

    private static Map<String, String> keyValues(String option, String spec, Set<String> known) throws UsageException {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(option + ": expected key=value, got '" + part + "'");
            }
            String k = part.substring(0, eq);
            if (!known.contains(k)) {
                throw new UsageException(option + ": unknown parameter '" + k + "'");
            }
            if (kv.put(k, part.substring(eq + 1)) != null) {
                throw new UsageException(option + ": '" + k + "' given twice");
            }
        }
        return kv;
    }

    private static int number(String option, String key, String v, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException(option + ": " + key + "=" + v + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": " + key + "=" + v + " is not a number");
        }
    }
}
