package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmWriter;

/** Builds TPM 2.0 commands for tests (TPM 2.0 Library Part 1, 18: command structure). */
final class Cmd {
    private final TpmWriter handles = new TpmWriter(64);
    private final TpmWriter params = new TpmWriter(512);
    private final int cc;
    private int passwords;
    private byte[] password = new byte[0];

    Cmd(int cc) {
        this.cc = cc;
    }

    Cmd handle(int h) {
        handles.u32(h);
        return this;
    }

    /** A password session (TPM_RS_PW) with this password. */
    Cmd pw(byte[] p) {
        passwords++;
        password = p;
        return this;
    }

    Cmd pw() {
        return pw(new byte[0]);
    }

    TpmWriter p() {
        return params;
    }

    byte[] build() {
        TpmWriter w = new TpmWriter(1024);
        w.u16(passwords > 0 ? 0x8002 : 0x8001).u32(0).u32(cc);
        w.bytes(handles.toByteArray());
        if (passwords > 0) {
            int one = 4 + 2 + 1 + 2 + password.length;
            w.u32(one * passwords);
            for (int i = 0; i < passwords; i++) {
                w.u32(0x40000009).u16(0).u8(1).tpm2b(password);
            }
        }
        w.bytes(params.toByteArray());
        w.putU32(2, w.size());
        return w.toByteArray();
    }
}
