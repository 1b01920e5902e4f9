package io.jvtpm.examples.socket;

import io.jvtpm.engine.transport.SocketServer;
import io.jvtpm.engine.transport.net.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swtpm's command line as {@code jvtpm socket} takes it. */
class SocketOptionsTest {

    private static SocketOptions parse(String line) throws SocketOptions.UsageException {
        return SocketOptions.parse(line.trim().split("\\s+"));
    }

    @Test
    void swtpmScriptLine() throws Exception {
        SocketOptions o = parse("--tpm2 --tpmstate dir=st --server type=tcp,port=2321 --ctrl type=tcp,port=2322"
                + " --flags not-need-init,startup-clear --pid file=p --log file=l,level=20");
        assertEquals(Path.of("st"), o.stateDir());
        assertEquals(new Endpoint.Tcp("127.0.0.1", 2321), o.server());
        assertEquals(new Endpoint.Tcp("127.0.0.1", 2322), o.control());
        assertTrue(o.notNeedInit());
        assertEquals(SocketOptions.Startup.CLEAR, o.startup());
        assertEquals(Path.of("p"), o.pidFile());
        assertEquals(Path.of("l"), o.logFile());
        assertEquals(20, o.logLevel());
        assertEquals(SocketOptions.Protocol.SWTPM, o.protocol());
        assertFalse(o.daemon());
        assertEquals(SocketServer.DEFAULT_IDLE_TIMEOUT, o.idleTimeout());
    }

    @Test
    void idleTimeoutInSeconds() throws Exception {
        assertEquals(Duration.ofSeconds(90), parse("--tpmstate dir=st --server port=1 --idle-timeout 90").idleTimeout());
        assertEquals(Duration.ZERO, parse("--tpmstate dir=st --server port=1 --idle-timeout 0").idleTimeout());
    }

    @Test
    void qemuStyleUnixControlOnly() throws Exception {
        SocketOptions o = parse("--tpm2 --tpmstate dir=st --ctrl type=unixio,path=c.sock,mode=0600 --terminate");
        assertEquals(java.util.List.of(new SocketOptions.SocketMode(Path.of("c.sock"), 0600)), o.socketModes());
        assertNull(o.server());
        assertEquals(new Endpoint.Unix(Path.of("c.sock")), o.control());
        assertTrue(o.terminate());
        assertFalse(o.notNeedInit());
    }

    @Test
    void mssimWithBindAddress() throws Exception {
        SocketOptions o = parse("--tpmstate dir=st --server type=tcp,port=2400,bindaddr=0.0.0.0 --protocol mssim --daemon");
        assertEquals(new Endpoint.Tcp("0.0.0.0", 2400), o.server());
        assertEquals(SocketOptions.Protocol.MSSIM, o.protocol());
        assertTrue(o.daemon());
    }

    @Test
    void startupImpliesNotNeedInit() throws Exception {
        assertTrue(parse("--tpmstate dir=st --server port=1 --flags startup-state").notNeedInit());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "--server type=tcp,port=1                                  # --tpmstate dir=DIR is required",
        "--tpmstate dir=st                                         # give --server and/or --ctrl",
        "--tpmstate dir=st --server type=tcp,port=70000            # --server: port=70000 is out of range 0..65535",
        "--tpmstate dir=st --server type=tcp,port=x                # --server: port=x is not a number",
        "--tpmstate dir=st --server type=udp,port=1                # --server: type must be tcp or unixio, not 'udp'",
        "--tpmstate dir=st --server type=unixio                    # --server type=unixio needs path=PATH",
        "--tpmstate dir=st --server type=tcp                       # --server type=tcp needs port=N",
        "--tpmstate dir=st --server type=tcp,port=1,colour=red     # --server: unknown parameter 'colour'",
        "--tpmstate dir=st --server port                           # --server: expected key=value, got 'port'",
        "--tpmstate dir=st --server port=1 --flags fast            # --flags: unknown flag 'fast'",
        "--tpmstate dir=st --server port=1 --bogus                 # Unknown option: '--bogus'",
        "--tpmstate dir=st --server                                # Missing required parameter for option '--server' (type=tcp,port=N[,bindaddr=ADDR]|type=unixio,path=PATH[,mode=0600])",
        "--tpmstate dir=st --server port=1 --server port=2         # option '--server' (type=tcp,port=N[,bindaddr=ADDR]|type=unixio,path=PATH[,mode=0600]) should be specified only once",
        "--tpmstate dir=st --ctrl type=unixio,path=c --protocol mssim # --protocol mssim needs --server type=tcp,port=N",
        "--tpmstate dir=st --server port=1 --ctrl port=2 --protocol mssim # --ctrl is not used with --protocol mssim (the platform socket is port+1)",
        "--tpmstate dir=st --server port=1 --protocol tcg          # --protocol must be swtpm or mssim, not 'tcg'",
        "--tpmstate dir=st,backend-uri=x --server port=1          # --tpmstate: unknown parameter 'backend-uri'",
        "--tpmstate dir=st --server type=tcp,port=1,mode=0600      # --server: path= and mode= go with type=unixio",
        "--tpmstate dir= --server port=1                           # --tpmstate needs dir=DIR",
        "--tpmstate dir=st --ctrl type=unixio,path=c,mode=999      # --ctrl: mode=999 is not an octal file mode",
        "--tpmstate dir=st --server port=1,disconnect=true         # --server: unknown parameter 'disconnect'",
        "--tpmstate dir=st --server port=1,port=2                  # --server: 'port' given twice",
        "--tpmstate dir=st --server port=1 --idle-timeout -1       # --idle-timeout: '-1' is not a number of seconds 0..86400",
        "--tpmstate dir=st --server port=1 --idle-timeout 10s      # --idle-timeout: '10s' is not a number of seconds 0..86400",
        "--tpmstate dir=st --server port=1 --idle-timeout 86401    # --idle-timeout: '86401' is not a number of seconds 0..86400",
    })
    void badCommandLinesAreNamed(String line, String message) {
        SocketOptions.UsageException e = assertThrows(SocketOptions.UsageException.class, () -> parse(line));
        assertEquals(message.trim(), e.getMessage());
    }

    @Test
    void libvirtLine() throws Exception {
        SocketOptions o = parse("--ctrl type=unixio,path=/run/vm.ctrl,mode=0600 --tpmstate dir=/var/lib/tpm,mode=0600"
                + " --log file=/var/log/vm-swtpm.log --terminate --tpm2 --pid file=/run/vm.pid");
        assertEquals(Path.of("/var/lib/tpm"), o.stateDir());
        assertEquals(new Endpoint.Unix(Path.of("/run/vm.ctrl")), o.control());
        assertNull(o.server());
        assertEquals(java.util.List.of(new SocketOptions.SocketMode(Path.of("/run/vm.ctrl"), 0600)), o.socketModes());
        assertTrue(o.terminate());
        assertEquals(Path.of("/run/vm.pid"), o.pidFile());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--tpmstate dir=d,mode=0640 --server port=1|--tpmstate: mode=0640 is not supported; jvtpm keeps its state files 0600",
        "--tpmstate dir=d --server port=1 --key pwdfd=3,mode=aes-256-cbc|--key: state encryption is not supported yet;"
            + " jvtpm keeps its state in clear",
        "--tpmstate dir=d --server port=1 --migration-key file=k|--migration-key: state encryption is not supported yet;"
            + " jvtpm keeps its state in clear",
        "--tpmstate dir=d --server port=1 --migration release-lock-outgoing|--migration: not supported yet; the state"
            + " directory stays locked while serving",
    })
    void unsupportedSwtpmOptionsAreRefusedInOneLine(String line, String message) {
        SocketOptions.UsageException e = assertThrows(SocketOptions.UsageException.class, () -> parse(line));
        assertEquals(message, e.getMessage());
    }
}
