package io.jvtpm.kvm;

import java.io.ByteArrayOutputStream;

/**
 * Hand-assembled x86 guest code (Intel SDM vol. 2 encodings) for the KVM tests: each method appends one
 * instruction's bytes. {@code bits} is 16 (real mode) or 64 (long mode); it decides where operand-size
 * prefixes go.
 */
final class GuestCode {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int bits;

    GuestCode(int bits) {
        this.bits = bits;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int here() {
        return out.size();
    }

    GuestCode raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    private GuestCode imm16(int v) {
        return raw(v & 0xff, (v >>> 8) & 0xff);
    }

    private GuestCode imm32(long v) {
        return raw((int) v & 0xff, (int) (v >>> 8) & 0xff, (int) (v >>> 16) & 0xff, (int) (v >>> 24) & 0xff);
    }

    /** Operand-size prefix for a 16-bit operand in 64-bit code or a 32-bit operand in 16-bit code. */
    private GuestCode opsize(int operandBytes) {
        if ((bits == 16 && operandBytes == 4) || (bits == 64 && operandBytes == 2)) {
            raw(0x66);
        }
        return this;
    }

    /** MOV AL, imm8 (B0 ib). */
    GuestCode movAl(int v) {
        return raw(0xB0, v & 0xff);
    }

    /** MOV DX, imm16 (BA iw, with 66 in 64-bit code). */
    GuestCode movDx(int port) {
        opsize(2);
        return raw(0xBA).imm16(port);
    }

    /** MOV CX, imm16 (B9 iw), 16-bit code. */
    GuestCode movCx(int v) {
        return raw(0xB9).imm16(v);
    }

    /** MOV SI, imm16 (BE iw), 16-bit code. */
    GuestCode movSi(int v) {
        return raw(0xBE).imm16(v);
    }

    /** MOV RBX, imm64 (REX.W B8+3 io), 64-bit code. */
    GuestCode movRbx(long v) {
        raw(0x48, 0xBB).imm32(v);
        return imm32(v >>> 32);
    }

    /** IN AL/AX/EAX, DX (EC / ED). */
    GuestCode inDx(int size) {
        opsize(size);
        return raw(size == 1 ? 0xEC : 0xED);
    }

    /** OUT DX, AL/AX/EAX (EE / EF). */
    GuestCode outDx(int size) {
        opsize(size);
        return raw(size == 1 ? 0xEE : 0xEF);
    }

    /** OUT imm8, AL (E6 ib). */
    GuestCode outImm(int port) {
        return raw(0xE6, port);
    }

    /** IN AL, imm8 (E4 ib). */
    GuestCode inImm(int port) {
        return raw(0xE4, port);
    }

    /** 16-bit code: MOV AL/AX/EAX, ES:[disp16] (26 A0 / A1). */
    GuestCode loadEs(int size, int disp) {
        opsize(size);
        return raw(0x26, size == 1 ? 0xA0 : 0xA1).imm16(disp);
    }

    /** 16-bit code: MOV ES:[disp16], AL/AX/EAX (26 A2 / A3). */
    GuestCode storeEs(int size, int disp) {
        opsize(size);
        return raw(0x26, size == 1 ? 0xA2 : 0xA3).imm16(disp);
    }

    /** 64-bit code: MOV AL/AX/EAX/RAX, [RBX + disp8] (8A /r, 8B /r; ModRM 0x43). */
    GuestCode loadRbx(int size, int disp) {
        if (size == 8) {
            raw(0x48);
        }
        opsize(size);
        return raw(size == 1 ? 0x8A : 0x8B, 0x43, disp);
    }

    /** 64-bit code: MOV [RBX + disp8], AL/AX/EAX/RAX (88 /r, 89 /r; ModRM 0x43). */
    GuestCode storeRbx(int size, int disp) {
        if (size == 8) {
            raw(0x48);
        }
        opsize(size);
        return raw(size == 1 ? 0x88 : 0x89, 0x43, disp);
    }

    /** REP OUTSB (F3 6E). */
    GuestCode repOutsb() {
        return raw(0xF3, 0x6E);
    }

    /** LOOP rel8 back to {@code target} (E2 cb). */
    GuestCode loop(int target) {
        return raw(0xE2, (target - (here() + 2)) & 0xff);
    }

    /** JMP rel8 to {@code target} (EB cb). */
    GuestCode jmp(int target) {
        return raw(0xEB, (target - (here() + 2)) & 0xff);
    }

    /** STI (FB). */
    GuestCode sti() {
        return raw(0xFB);
    }

    /** HLT (F4). */
    GuestCode hlt() {
        return raw(0xF4);
    }

    /** IRET (CF). */
    GuestCode iret() {
        return raw(0xCF);
    }

    /** RSM (0F AA). */
    GuestCode rsm() {
        return raw(0x0F, 0xAA);
    }
}
