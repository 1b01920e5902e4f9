package io.jvtpm.engine.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds one TPM 2.0 command (TPM 2.0 Library Part 1, 18.2: header, handles, authorization area,
 * parameters). The tag is TPM_ST_SESSIONS when a session was added, else TPM_ST_NO_SESSIONS; the
 * size is filled in by {@link #build()}. Typed commands are in {@link TpmCommands}.
 */
public final class CommandBuilder {
    private final int commandCode;
    private final TpmWriter handles = new TpmWriter(16);
    private final List<AuthCommand> sessions = new ArrayList<>(1);
    private final TpmWriter params = new TpmWriter(64);

    private CommandBuilder(int commandCode) {
        this.commandCode = commandCode;
    }

    /** A command with code {@code cc}. */
    public static CommandBuilder of(TpmCc cc) {
        return new CommandBuilder(cc.value());
    }

    /** A command with any code, implemented or not. */
    public static CommandBuilder of(int commandCode) {
        return new CommandBuilder(commandCode);
    }

    /** Appends a handle. */
    public CommandBuilder handle(int handle) {
        handles.u32(handle);
        return this;
    }

    /** Appends a permanent handle. */
    public CommandBuilder handle(TpmRh handle) {
        return handle(handle.value());
    }

    /** Appends a session to the authorization area. */
    public CommandBuilder auth(AuthCommand session) {
        sessions.add(session);
        return this;
    }

    /** Appends the empty-password session (TPM_RS_PW). */
    public CommandBuilder emptyPassword() {
        return auth(AuthCommand.emptyPassword());
    }

    public CommandBuilder u8(int v) {
        params.u8(v);
        return this;
    }

    public CommandBuilder u16(int v) {
        params.u16(v);
        return this;
    }

    public CommandBuilder u32(int v) {
        params.u32(v);
        return this;
    }

    public CommandBuilder u64(long v) {
        params.u64(v);
        return this;
    }

    /** Raw parameter bytes. */
    public CommandBuilder bytes(byte[] b) {
        params.bytes(b);
        return this;
    }

    /** A TPM2B parameter. */
    public CommandBuilder tpm2b(byte[] b) {
        params.tpm2b(b);
        return this;
    }

    /** A parameter structure written by {@code structure}, e.g. {@code w -> selection.write(w)}. */
    public CommandBuilder write(Consumer<TpmWriter> structure) {
        structure.accept(params);
        return this;
    }

    /** The command bytes. */
    public byte[] build() {
        int authSize = 0;
        for (AuthCommand s : sessions) {
            authSize += s.size();
        }
        TpmWriter w = new TpmWriter(TpmWire.HEADER_SIZE + handles.size() + 4 + authSize + params.size());
        w.u16(sessions.isEmpty() ? TpmSt.NO_SESSIONS.value() : TpmSt.SESSIONS.value()).u32(0).u32(commandCode);
        w.bytes(handles.array(), 0, handles.size());
        if (!sessions.isEmpty()) {
            w.u32(authSize);
            for (AuthCommand s : sessions) {
                s.write(w);
            }
        }
        w.bytes(params.array(), 0, params.size());
        w.putU32(2, w.size());
        return w.toByteArray();
    }
}
