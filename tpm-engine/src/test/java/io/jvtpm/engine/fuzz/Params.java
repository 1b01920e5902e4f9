package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.wire.TpmWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's parameter area (TPM 2.0 Library Part 1, 18.2) written field by field, remembering
 * where the size fields, algorithm IDs and handle-like values sit so that a mutation can aim at
 * them.
 */
final class Params {
    /** What a remembered field holds. */
    enum Kind { SIZE, ALG, HANDLE, FLAG }

    /** A field at {@code offset} in the parameter bytes. */
    record Field(Kind kind, int offset) {
    }

    private final TpmWriter w = new TpmWriter(256);
    private final List<Field> fields = new ArrayList<>();

    Params u8(int v) {
        w.u8(v);
        return this;
    }

    /** A TPMI_YES_NO or another one-byte selector. */
    Params flag(int v) {
        fields.add(new Field(Kind.FLAG, w.size()));
        w.u8(v);
        return this;
    }

    Params u16(int v) {
        w.u16(v);
        return this;
    }

    /** A TPM_ALG_ID (or a curve ID). */
    Params alg(int v) {
        fields.add(new Field(Kind.ALG, w.size()));
        w.u16(v);
        return this;
    }

    Params u32(int v) {
        w.u32(v);
        return this;
    }

    /** A handle carried as a parameter (a hierarchy, a persistent handle). */
    Params handle(int v) {
        fields.add(new Field(Kind.HANDLE, w.size()));
        w.u32(v);
        return this;
    }

    Params u64(long v) {
        w.u64(v);
        return this;
    }

    Params bytes(byte[] b) {
        w.bytes(b);
        return this;
    }

    /** A TPM2B: its size field is remembered. */
    Params tpm2b(byte[] b) {
        fields.add(new Field(Kind.SIZE, w.size()));
        w.tpm2b(b);
        return this;
    }

    /** A sized structure whose body {@code body} writes (TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE, ...). */
    Params sized(java.util.function.Consumer<Params> body) {
        int at = w.size();
        fields.add(new Field(Kind.SIZE, at));
        w.u16(0);
        body.accept(this);
        w.putU16(at, w.size() - at - 2);
        return this;
    }

    byte[] toByteArray() {
        return w.toByteArray();
    }

    List<Field> fields() {
        return List.copyOf(fields);
    }
}
