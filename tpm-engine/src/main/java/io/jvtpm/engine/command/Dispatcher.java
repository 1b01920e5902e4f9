package io.jvtpm.engine.command;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.core.Failure;
import io.jvtpm.engine.core.Hierarchies;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command (TPM 2.0 Library Part 3, 5 "Command Processing" and Part 1, 18-19): header,
 * command code, handle area and entity status, the authorization area ({@link AuthorizationArea}),
 * the action from the {@link CommandTable}, and the response with its parameter size and
 * response sessions. Every failure becomes a response code; nothing escapes but a
 * {@link TpmBackendException} from the state store. An internal error puts the TPM in failure
 * mode. Not thread-safe.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** The smallest authorization area: handle, empty nonce, attributes, empty hmac. */
    private static final int MIN_AUTH = 9;

    private final TpmEngine tpm;
    private final CommandTable table;
    private final Command cmd;
    private final FailureModeCommands failureMode;
    private final AuthorizationArea auth;

    public Dispatcher(TpmEngine tpm, CommandTable table) {
        this.tpm = tpm;
        this.table = table;
        this.cmd = new Command(tpm);
        this.auth = new AuthorizationArea(tpm, cmd);
        this.failureMode = new FailureModeCommands(pt -> table.fixedProperty(tpm, pt));
    }

    /**
     * The response to {@code command} from {@code locality}, with at most {@code maxSize} bytes
     * accepted. An internal error (an unexpected exception in the command, a failure to write the
     * state) puts the TPM in failure mode (Part 3, 5.3): this command gets TPM_RC_FAILURE (a
     * {@link TpmBackendException} from the state store is thrown on, for the caller to report),
     * and every later one but those {@link FailureModeCommands} answers gets TPM_RC_FAILURE until
     * the next _TPM_Init.
     */
    public byte[] execute(int locality, byte[] command, int maxSize) {
        // a cancel belongs to the command that runs when it arrives: one left from before this
        // command is dropped, as libtpms turns the signal off before it processes a command
        platformCancelClear();
        if (!tpm.isInitialized()) {
            return error(TpmRc.FAILURE.value());
        }
        if (tpm.failure() != null) {
            return failureMode.respond(command, tpm.failure());
        }
        TpmWriter out = cmd.out;
        out.clear();
        try {
            int rc = run(locality, command, maxSize);
            byte[] response = rc == 0 ? out.toByteArray() : error(rc);
            tpm.afterCommand();
            return response;
        } catch (TpmBackendException e) {
            // the state store failed: the caller hears of it (and answers TPM_RC_FAILURE)
            tpm.enterFailureMode(Failure.of(runningCommand(), e));
            throw e;
        } catch (RuntimeException e) {
            LOG.error("internal error in command {}", cmd.spec == null ? "?" : cmd.spec.cc(), e);
            tpm.enterFailureMode(Failure.of(runningCommand(), e));
            return error(TpmRc.FAILURE.value());
        }
    }

    private int runningCommand() {
        return cmd.spec == null ? 0 : cmd.spec.cc().value();
    }

    /**
     * An error response. Its tag is TPM_ST_NO_SESSIONS even for TPM_RC_BAD_TAG: a TPM 1.2 style
     * tag (TPM_ST_RSP_COMMAND) would make firmware that probes with a TPM 1.2 command (OVMF's
     * TPM_ORD_GetTicks) take this TPM for a TPM 1.2; libtpms/swtpm answer the same way.
     */
    private static byte[] error(int rc) {
        return TpmWire.errorResponse(rc);
    }

    private int run(int locality, byte[] command, int maxSize) {
        TpmReader in = cmd.in.reset(command, 0, command.length);
        cmd.spec = null;
        int tag;
        int code;
        try {
            tag = in.u16();
            if (tag != TpmSt.NO_SESSIONS.value() && tag != TpmSt.SESSIONS.value()) {
                return TpmRc.BAD_TAG.value();
            }
            int size = in.u32();
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
        if (tpm.isStarted() == (spec.cc() == TpmCc.STARTUP)) {
            return TpmRc.INITIALIZE.value();
        }
        cmd.spec = spec;
        cmd.locality = locality;
        cmd.responseHandle = 0;
        try {
            int rc = handleArea(spec);
            if (rc == 0) {
                rc = authorizationArea(spec, tag == TpmSt.SESSIONS.value());
            }
            if (rc == 0) {
                rc = auth.authorize(spec, spec.handles().size(), command);
            }
            if (rc != 0) {
                return rc;
            }
            auth.decryptParameter(command);
            act(spec, command);
            return 0;
        } catch (TpmRcException e) {
            return e.rc();
        }
    }

    /** The handle area: each handle of its command's handle type, then the entities' status. */
    private int handleArea(CommandSpec spec) {
        TpmReader in = cmd.in;
        int nh = spec.handles().size();
        for (int i = 0; i < nh; i++) {
            in.handle(i + 1);
            int h = in.u32();
            if (!spec.handles().get(i).accepts(h)) {
                return TpmRc.VALUE.handle(i + 1);
            }
            cmd.handles[i] = h;
        }
        return entityStatus(spec, nh);
    }

    /** The authorization area when the tag announces one; without it no handle may need authorization. */
    private int authorizationArea(CommandSpec spec, boolean present) {
        if (!present) {
            auth.none();
            return spec.authHandles() > 0 ? TpmRc.AUTH_MISSING.value() : 0;
        }
        TpmReader in = cmd.in;
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
        auth.parse(authEnd);
        in.limit(paramLimit);
        return 0;
    }

    /** Runs the action and completes the response: its header, response handle, parameterSize and sessions. */
    private void act(CommandSpec spec, byte[] command) {
        int sessions = auth.count();
        TpmWriter out = cmd.out;
        int afterHandle = TpmWire.HEADER_SIZE + (spec.rHandle() ? 4 : 0);
        out.position(afterHandle + (sessions > 0 ? 4 : 0));
        cmd.in.param(1);
        spec.handler().run(cmd);
        int paramEnd = out.size();
        int rpStart = afterHandle + (sessions > 0 ? 4 : 0);
        if (sessions > 0) {
            out.putU32(rpStart - 4, paramEnd - rpStart);
        }
        // the response sessions, and audit (which a command without sessions may change too)
        auth.respond(command, rpStart, paramEnd);
        out.putU16(0, sessions > 0 ? TpmSt.SESSIONS.value() : TpmSt.NO_SESSIONS.value());
        out.putU32(2, out.size());
        out.putU32(6, 0);
        if (spec.rHandle()) {
            out.putU32(TpmWire.HEADER_SIZE, cmd.responseHandle);
        }
    }

    private void platformCancelClear() {
        tpm.platform().signals().clearCancel();
    }

    /** EntityGetLoadStatus: hierarchies must be enabled, objects and sessions loaded. */
    private int entityStatus(CommandSpec spec, int nh) {
        Hierarchies hi = tpm.hierarchies();
        for (int i = 0; i < nh; i++) {
            int h = cmd.handles[i];
            if (TpmHt.PERMANENT.matches(h)) {
                if (!hi.isEnabled(h)) {
                    return TpmRc.HIERARCHY.handle(i + 1);
                }
            } else if (TpmHt.TRANSIENT.matches(h)) {
                if (tpm.transients().get(h) == null) {
                    return TpmRc.REFERENCE_H0.value() + i;
                }
            } else if (TpmHt.HMAC_SESSION.matches(h) || TpmHt.POLICY_SESSION.matches(h)) {
                // a session: loaded, and of the type its handle says (libtpms's EntityGetLoadStatus)
                if (tpm.sessions().get(h) == null) {
                    return tpm.sessions().loadedAsOtherType(h) ? TpmRc.HANDLE.handle(i + 1)
                            : TpmRc.REFERENCE_H0.value() + i;
                }
            } else if (TpmHt.NV_INDEX.matches(h)) {
                if (!NvAccess.accessible(tpm, h)) {
                    return TpmRc.HANDLE.handle(i + 1);
                }
            } else if (TpmHt.PERSISTENT.matches(h)) {
                LoadedObject o = tpm.loaded(h);
                if (o == null) {
                    return TpmRc.HANDLE.handle(i + 1);
                }
                if (!hi.isEnabled(o.hierarchy())) {
                    return TpmRc.HIERARCHY.handle(i + 1);
                }
            }
        }
        return 0;
    }
}
