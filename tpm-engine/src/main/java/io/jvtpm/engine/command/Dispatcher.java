package io.jvtpm.engine.command;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.core.HashSequence;
import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.marshal.TpmRcException;
import io.jvtpm.engine.marshal.TpmReader;
import io.jvtpm.engine.marshal.TpmWriter;
import io.jvtpm.engine.types.TpmCc;
import io.jvtpm.engine.types.TpmRc;
import io.jvtpm.engine.types.TpmRh;
import io.jvtpm.engine.types.TpmSt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command (TPM 2.0 Library Part 3, 5 "Command Processing" and Part 1, 18-19): header,
 * command code, handle area and entity status, the authorization area with password sessions,
 * the action from the {@link CommandTable}, and the response with its parameter size and
 * response sessions. Every failure becomes a response code; nothing escapes but a
 * {@link TpmBackendException} from the state store. Not thread-safe.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The smallest authorization area: handle, empty nonce, attributes, empty hmac. */
    private static final int MIN_AUTH = 9;
    /** MAX_SESSION_NUM. */
    private static final int MAX_SESSIONS = 3;
    private static final int ATTR_CONTINUE = 0x01;
    private static final int ATTR_RESERVED = 0x18;
    private static final int ATTR_NO_PASSWORD = 0x20 | 0x40 | 0x80;
    private static final int ATTR_AUDIT = 0x80;
    private static final int ATTR_AUDIT_MODIFIERS = 0x02 | 0x04;
    private static final int HEADER = 10;

    private final TpmEngine tpm;
    private final CommandTable table;
    private final Command cmd;
    private final int[] sessionHandles = new int[MAX_SESSIONS];
    private final int[] hmacOffset = new int[MAX_SESSIONS];
    private final int[] hmacSize = new int[MAX_SESSIONS];

    public Dispatcher(TpmEngine tpm, CommandTable table) {
        this.tpm = tpm;
        this.table = table;
        this.cmd = new Command(tpm);
    }

    /** The response to {@code command} from {@code locality}, with at most {@code maxSize} bytes accepted. */
    public byte[] execute(int locality, byte[] command, int maxSize) {
        if (!tpm.isInitialized()) {
            return error(TpmRc.FAILURE.value());
        }
        TpmWriter out = cmd.out;
        out.clear();
        try {
            int rc = run(locality, command, maxSize);
            if (rc == 0) {
                return out.toByteArray();
            }
            return error(rc);
        } catch (TpmBackendException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("internal error in command {}", cmd.spec == null ? "?" : cmd.spec.cc(), e);
            return error(TpmRc.FAILURE.value());
        } finally {
            tpm.afterCommand();
        }
    }

    /**
     * An error response. Its tag is TPM_ST_NO_SESSIONS even for TPM_RC_BAD_TAG: a TPM 1.2 style
     * tag (TPM_ST_RSP_COMMAND) would make firmware that probes with a TPM 1.2 command (OVMF's
     * TPM_ORD_GetTicks) take this TPM for a TPM 1.2; libtpms/swtpm answer the same way.
     */
    private static byte[] error(int rc) {
        int tag = TpmSt.NO_SESSIONS.value();
        return new byte[] {(byte) (tag >>> 8), (byte) tag, 0, 0, 0, HEADER,
            (byte) (rc >>> 24), (byte) (rc >>> 16), (byte) (rc >>> 8), (byte) rc};
    }

    private int run(int locality, byte[] command, int maxSize) {
        TpmReader in = cmd.in.reset(command, 0, command.length);
        cmd.spec = null;
        int tag;
        int size;
        int code;
        try {
            tag = in.u16();
            if (tag != TpmSt.NO_SESSIONS.value() && tag != TpmSt.SESSIONS.value()) {
                return TpmRc.BAD_TAG.value();
            }
            size = in.u32();
            if (size != command.length || size > maxSize) {
                return TpmRc.COMMAND_SIZE.value();
            }
            code = in.u32();
        } catch (TpmRcException e) {
            return e.rc();
        }
        CommandSpec spec = table.lookup(code);
        if (spec == null) {
            return TpmRc.COMMAND_CODE.value();
        }
        boolean startup = spec.cc() == TpmCc.STARTUP;
        if (tpm.isStarted() == startup) {
            return TpmRc.INITIALIZE.value();
        }
        cmd.spec = spec;
        cmd.locality = locality;
        cmd.responseHandle = 0;
        platformCancelClear();
        try {
            int nh = spec.handles().size();
            for (int i = 0; i < nh; i++) {
                in.handle(i + 1);
                int h = in.u32();
                if (!spec.handles().get(i).accepts(h)) {
                    return TpmRc.VALUE.handle(i + 1);
                }
                cmd.handles[i] = h;
            }
            int status = entityStatus(spec, nh);
            if (status != 0) {
                return status;
            }
            int sessions = 0;
            if (tag == TpmSt.SESSIONS.value()) {
                in.plain();
                int authSize = in.u32();
                if (authSize < MIN_AUTH || authSize > in.remaining()) {
                    return TpmRc.SIZE.value();
                }
                if (spec.noSessions()) {
                    return TpmRc.AUTH_CONTEXT.value();
                }
                int paramLimit = in.limit();
                int authEnd = in.position() + authSize;
                in.limit(authEnd);
                sessions = parseSessions(spec, command);
                in.limit(paramLimit);
            } else if (spec.authHandles() > 0) {
                return TpmRc.AUTH_MISSING.value();
            }
            int auth = authorize(spec, nh, sessions, command);
            if (auth != 0) {
                return auth;
            }
            TpmWriter out = cmd.out;
            out.position(HEADER + (spec.rHandle() ? 4 : 0) + (sessions > 0 ? 4 : 0));
            in.param(1);
            spec.handler().run(cmd);
            int paramEnd = out.size();
            if (sessions > 0) {
                out.putU32(HEADER + (spec.rHandle() ? 4 : 0), paramEnd - HEADER - (spec.rHandle() ? 4 : 0) - 4);
                for (int i = 0; i < sessions; i++) {
                    // password session: empty nonceTPM, continueSession, empty hmac
                    out.u16(0).u8(ATTR_CONTINUE).u16(0);
                }
            }
            int total = out.size();
            int rtag = sessions > 0 ? TpmSt.SESSIONS.value() : TpmSt.NO_SESSIONS.value();
            out.putU16(0, rtag);
            out.putU32(2, total);
            out.putU32(6, 0);
            if (spec.rHandle()) {
                out.putU32(HEADER, cmd.responseHandle);
            }
            return 0;
        } catch (TpmRcException e) {
            return e.rc();
        }
    }

    private void platformCancelClear() {
        tpm.platform().signals().clearCancel();
    }

    /** EntityGetLoadStatus: hierarchies must be enabled, objects loaded. */
    private int entityStatus(CommandSpec spec, int nh) {
        Hierarchies hi = tpm.hierarchies();
        for (int i = 0; i < nh; i++) {
            int h = cmd.handles[i];
            int type = h >>> 24;
            if (type == 0x40) {
                if (!hi.isEnabled(h)) {
                    return TpmRc.HIERARCHY.handle(i + 1);
                }
            } else if (type == 0x80) {
                if (tpm.object(h) == null) {
                    return TpmRc.REFERENCE_H0.value() + i;
                }
            } else if (type == 0x81) {
                return TpmRc.HANDLE.handle(i + 1);
            }
        }
        return 0;
    }

    /** ParseSessionBuffer: returns the number of sessions. */
    private int parseSessions(CommandSpec spec, byte[] command) {
        TpmReader in = cmd.in;
        int n = 0;
        while (in.remaining() > 0) {
            if (n == MAX_SESSIONS) {
                throw new TpmRcException(TpmRc.SIZE.value());
            }
            int idx = n + 1;
            in.session(idx);
            int sh = in.u32();
            int type = sh >>> 24;
            boolean pw = sh == TpmRh.RS_PW.value();
            if (!pw && type != 0x02 && type != 0x03) {
                throw new TpmRcException(TpmRc.VALUE.session(idx));
            }
            int nonce = in.size2b(64);
            in.skip(nonce);
            int attrs = in.u8();
            if ((attrs & ATTR_RESERVED) != 0) {
                throw new TpmRcException(TpmRc.RESERVED_BITS.session(idx));
            }
            int hs = in.size2b(64);
            hmacOffset[n] = in.position();
            hmacSize[n] = hs;
            in.skip(hs);
            if (!pw) {
                // no HMAC or policy session can be loaded in this TPM
                throw new TpmRcException(TpmRc.REFERENCE_S0.value() + n);
            }
            if ((attrs & ATTR_AUDIT_MODIFIERS) != 0 && (attrs & ATTR_AUDIT) == 0) {
                // auditExclusive and auditReset only make sense with audit
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
            }
            if ((attrs & ATTR_NO_PASSWORD) != 0) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.session(idx));
            }
            if (nonce != 0) {
                throw new TpmRcException(TpmRc.NONCE.session(idx));
            }
            sessionHandles[n] = sh;
            n++;
        }
        return n;
    }

    /** Checks every authorized handle against its password session. */
    private int authorize(CommandSpec spec, int nh, int sessions, byte[] command) {
        int needed = 0;
        for (int i = 0; i < nh; i++) {
            if (spec.roles().get(i) == AuthRole.NONE) {
                continue;
            }
            if (needed >= sessions) {
                return TpmRc.AUTH_MISSING.value();
            }
            int s = needed++;
            int h = cmd.handles[i];
            Hierarchies hi = tpm.hierarchies();
            boolean lockout = h == TpmRh.LOCKOUT.value();
            if (lockout && hi.recoverLockout(tpm.clock().clock())) {
                tpm.permanentChanged();
            }
            if (lockout && !hi.lockoutAuthAvailable()) {
                return TpmRc.LOCKOUT.value();
            }
            byte[] expected = authValue(h);
            if (!passwordMatches(expected, command, hmacOffset[s], hmacSize[s])) {
                if (lockout) {
                    hi.lockoutFailed(tpm.clock().clock());
                    tpm.permanentChanged();
                    return TpmRc.AUTH_FAIL.session(s + 1);
                }
                return TpmRc.BAD_AUTH.session(s + 1);
            }
        }
        if (sessions > needed) {
            // a password session must authorize a handle
            return TpmRc.HANDLE.session(needed + 1);
        }
        return 0;
    }

    private byte[] authValue(int h) {
        int type = h >>> 24;
        if (type == 0x40) {
            return tpm.hierarchies().authValue(h);
        }
        if (type == 0x80) {
            HashSequence s = tpm.object(h);
            return s == null ? new byte[0] : s.authValue();
        }
        // PCRs: no PCR_SetAuthValue here, so their authValue is the Empty Auth
        return new byte[0];
    }

    /** Password comparison with trailing zeros removed from both sides (Part 1, 19.6.4). */
    private static boolean passwordMatches(byte[] expected, byte[] buf, int off, int len) {
        int el = expected.length;
        while (el > 0 && expected[el - 1] == 0) {
            el--;
        }
        int gl = len;
        while (gl > 0 && buf[off + gl - 1] == 0) {
            gl--;
        }
        if (el != gl) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < el; i++) {
            diff |= expected[i] ^ buf[off + i];
        }
        return diff == 0;
    }
}
