package io.jvtpm.engine.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmTestSupport;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNt;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmaNv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NV storage side by side with libtpms in process (TPM 2.0 Library Part 3, 31): a corpus of NV
 * sequences over every index type and the main attribute rules gets the same response code from
 * both, and the same bytes where the answer is deterministic (NV_ReadPublic with the Name,
 * NV_Read, TPM_CAP_HANDLES for NV and the TPM_PT_NV_* and persistent-object properties), up to
 * an NV filled to TPM_RC_NV_SPACE. Restarts are in NvStartupTest (the in-process libtpms does not
 * keep its NV across TPMLIB_Terminate here).
 */
@Tag("peer")
class NvDifferentialTest {
    private static final AuthCommand OWNER = AuthCommand.emptyPassword();
    private static final byte[] PW = "secret".getBytes(StandardCharsets.US_ASCII);
    private static final int RW = TpmaNv.OWNERWRITE | TpmaNv.OWNERREAD;
    private static final int BASE = 0x01000100;

    private final List<String> differences = new ArrayList<>();
    private LibTpms lib;
    private InProcessBackend ours;
    private int steps;

    @TempDir
    java.nio.file.Path dir;

    /** Sends {@code command} to both: same response code, and with {@code sameBytes} the same response. */
    private void step(String what, byte[] command, boolean sameBytes) {
        byte[] theirs = lib.process(command);
        byte[] mine = ours.execute(0, command);
        steps++;
        int rt = TpmTestSupport.rc(theirs);
        int rm = TpmTestSupport.rc(mine);
        if (rt != rm) {
            differences.add(what + ": libtpms 0x" + Integer.toHexString(rt) + ", jvtpm 0x" + Integer.toHexString(rm));
        } else if (sameBytes && !java.util.Arrays.equals(theirs, mine)) {
            differences.add(what + ": libtpms " + TpmTestSupport.hex(theirs) + ", jvtpm " + TpmTestSupport.hex(mine));
        }
    }

    private void step(String what, byte[] command) {
        step(what, command, false);
    }

    private void same(String what, byte[] command) {
        step(what, command, true);
    }

    private static NvPublic pub(int h, int attrs, int size) {
        return new NvPublic(h, TpmAlgId.SHA256.value(), attrs, new byte[0], size);
    }

    private void define(String what, int h, int attrs, int size) {
        step("define " + what, TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, pub(h, attrs, size)));
        same("ReadPublic " + what, TpmNvCommands.readPublic(h));
    }

    private void capabilities(String when) {
        same("NV handles " + when, TpmCommands.getCapability(TpmCap.HANDLES, 0x01000000, 64));
        for (TpmPt p : new TpmPt[] {TpmPt.NV_INDEX_MAX, TpmPt.NV_BUFFER_MAX, TpmPt.NV_COUNTERS_MAX, TpmPt.ORDERLY_COUNT,
                TpmPt.HR_NV_INDEX, TpmPt.NV_COUNTERS, TpmPt.NV_COUNTERS_AVAIL, TpmPt.HR_PERSISTENT_AVAIL,
                TpmPt.HR_PERSISTENT_MIN, TpmPt.NV_WRITE_RECOVERY}) {
            same(p + " " + when, TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, p.value(), 1));
        }
    }

    @Test
    void sameNvBehaviourAsLibtpms() {
        LibTpms.require();
        try (LibTpms l = LibTpms.start(); InProcessBackend o = InProcessBackend.open(dir)) {
            lib = l;
            ours = o;
            ours.init(false);
            step("Startup", TpmCommands.startup(TpmSu.CLEAR));
            capabilities("at start");
            ordinary();
            counterBitsExtend();
            attributeRules();
            locks();
            pins();
            capabilities("after the indices");
            policies();
            certify();
            hierarchies();
            fill();
        }
        assertTrue(steps > 100, "the corpus ran");
        assertEquals(List.of(), differences, differences.size() + " of " + steps + " steps differ");
    }

    private void ordinary() {
        int h = BASE + 1;
        define("ordinary", h, RW | TpmaNv.AUTHREAD | TpmaNv.AUTHWRITE, 32);
        step("read before a write", TpmNvCommands.read(TpmRh.OWNER.value(), h, OWNER, 4, 0));
        step("write at 4", TpmNvCommands.write(TpmRh.OWNER.value(), h, OWNER, "hello".getBytes(), 4));
        same("ReadPublic after a write", TpmNvCommands.readPublic(h));
        same("read all", TpmNvCommands.read(TpmRh.OWNER.value(), h, OWNER, 32, 0));
        same("read partial by index auth", TpmNvCommands.read(h, h, AuthCommand.password(PW), 3, 5));
        step("write by index auth", TpmNvCommands.write(h, h, AuthCommand.password(PW), new byte[] {1, 2}, 30));
        same("read tail", TpmNvCommands.read(h, h, AuthCommand.password(PW), 2, 30));
        step("write past the end", TpmNvCommands.write(TpmRh.OWNER.value(), h, OWNER, new byte[3], 30));
        step("write offset past the end", TpmNvCommands.write(TpmRh.OWNER.value(), h, OWNER, new byte[0], 33));
        step("read past the end", TpmNvCommands.read(TpmRh.OWNER.value(), h, OWNER, 4, 30));
        step("read offset past the end", TpmNvCommands.read(TpmRh.OWNER.value(), h, OWNER, 0, 33));
        step("read more than the buffer", TpmNvCommands.read(TpmRh.OWNER.value(), h, OWNER, 1025, 0));
        step("read by platform without PPREAD", TpmNvCommands.read(TpmRh.PLATFORM.value(), h, OWNER, 1, 0));
        step("read by another index", TpmNvCommands.read(BASE + 99, h, OWNER, 1, 0));
        step("read of an undefined index", TpmNvCommands.read(TpmRh.OWNER.value(), BASE + 99, OWNER, 1, 0));
        step("ReadPublic of an undefined index", TpmNvCommands.readPublic(BASE + 99));
        step("ReadPublic of a non-NV handle", TpmNvCommands.readPublic(0x81000000));
        step("wrong index password", TpmNvCommands.read(h, h, AuthCommand.password("nope".getBytes()), 1, 0));
        step("ChangeAuth with a password", TpmNvCommands.changeAuth(h, AuthCommand.password(PW), new byte[] {9}));
        int w = BASE + 5;
        define("WRITEALL", w, RW | TpmaNv.WRITEALL | TpmaNv.NO_DA, 16);
        step("partial write of WRITEALL", TpmNvCommands.write(TpmRh.OWNER.value(), w, OWNER, new byte[8], 0));
        step("full write of WRITEALL", TpmNvCommands.write(TpmRh.OWNER.value(), w, OWNER, new byte[16], 0));
        int o = BASE + 11;
        define("orderly ordinary", o, RW | TpmaNv.ORDERLY, 16);
        step("orderly write", TpmNvCommands.write(TpmRh.OWNER.value(), o, OWNER, "orderly".getBytes(), 2));
        same("orderly read", TpmNvCommands.read(TpmRh.OWNER.value(), o, OWNER, 16, 0));
    }

    private void counterBitsExtend() {
        int c = BASE + 2;
        define("counter", c, TpmaNv.withType(RW, TpmNt.COUNTER), 8);
        step("write to a counter", TpmNvCommands.write(TpmRh.OWNER.value(), c, OWNER, new byte[8], 0));
        step("read of an unwritten counter", TpmNvCommands.read(TpmRh.OWNER.value(), c, OWNER, 8, 0));
        for (int i = 0; i < 3; i++) {
            step("increment " + i, TpmNvCommands.increment(TpmRh.OWNER.value(), c, OWNER));
        }
        same("counter value", TpmNvCommands.read(TpmRh.OWNER.value(), c, OWNER, 8, 0));
        same("counter public", TpmNvCommands.readPublic(c));
        int oc = BASE + 12;
        define("orderly counter", oc, TpmaNv.withType(RW | TpmaNv.ORDERLY, TpmNt.COUNTER), 8);
        for (int i = 0; i < 5; i++) {
            step("orderly increment " + i, TpmNvCommands.increment(TpmRh.OWNER.value(), oc, OWNER));
        }
        same("orderly counter value", TpmNvCommands.read(TpmRh.OWNER.value(), oc, OWNER, 8, 0));
        int b = BASE + 3;
        define("bits", b, TpmaNv.withType(RW, TpmNt.BITS), 8);
        step("setBits 5", TpmNvCommands.setBits(TpmRh.OWNER.value(), b, OWNER, 5));
        step("setBits 0x30", TpmNvCommands.setBits(TpmRh.OWNER.value(), b, OWNER, 0x30));
        same("bits value", TpmNvCommands.read(TpmRh.OWNER.value(), b, OWNER, 8, 0));
        step("increment of bits", TpmNvCommands.increment(TpmRh.OWNER.value(), b, OWNER));
        int e = BASE + 4;
        define("extend", e, TpmaNv.withType(RW, TpmNt.EXTEND), 32);
        step("extend abc", TpmNvCommands.extend(TpmRh.OWNER.value(), e, OWNER, "abc".getBytes()));
        step("extend again", TpmNvCommands.extend(TpmRh.OWNER.value(), e, OWNER, new byte[100]));
        same("extend value", TpmNvCommands.read(TpmRh.OWNER.value(), e, OWNER, 32, 0));
        step("setBits of extend", TpmNvCommands.setBits(TpmRh.OWNER.value(), e, OWNER, 1));
        step("extend of a counter", TpmNvCommands.extend(TpmRh.OWNER.value(), c, OWNER, new byte[1]));
        step("undefine counter", TpmNvCommands.undefineSpace(TpmRh.OWNER, OWNER, c));
        define("counter again", c, TpmaNv.withType(RW, TpmNt.COUNTER), 8);
        step("first increment starts at maxCounter", TpmNvCommands.increment(TpmRh.OWNER.value(), c, OWNER));
        same("counter after maxCounter", TpmNvCommands.read(TpmRh.OWNER.value(), c, OWNER, 8, 0));
    }

    private void attributeRules() {
        int h = BASE + 50;
        int[][] bad = {
            {TpmaNv.withType(RW | TpmaNv.CLEAR_STCLEAR, TpmNt.COUNTER), 8},
            {TpmaNv.withType(RW, TpmNt.COUNTER), 4},
            {TpmaNv.withType(RW, TpmNt.EXTEND), 20},
            {TpmaNv.withType(RW, TpmNt.PIN_FAIL), 8},
            {TpmaNv.withType(RW | TpmaNv.AUTHWRITE, TpmNt.PIN_PASS), 8},
            {TpmaNv.withType(RW | TpmaNv.GLOBALLOCK | TpmaNv.NO_DA, TpmNt.PIN_FAIL), 8},
            {RW | 0x30, 8},
            {RW | TpmaNv.WRITTEN, 8},
            {RW | TpmaNv.WRITELOCKED, 8},
            {RW | TpmaNv.READLOCKED, 8},
            {TpmaNv.OWNERWRITE, 8},
            {TpmaNv.OWNERREAD, 8},
            {RW | TpmaNv.CLEAR_STCLEAR | TpmaNv.WRITEDEFINE, 8},
            {RW | TpmaNv.PLATFORMCREATE, 8},
            {RW | TpmaNv.POLICY_DELETE, 8},
            {RW | TpmaNv.WRITEALL, 1025},
            {RW, 2049},
            {RW | 0x100, 8},
            {RW | 0x00100000, 8},
        };
        for (int[] b : bad) {
            step(String.format("define attrs 0x%08x size %d", b[0], b[1]),
                    TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, pub(h, b[0], b[1])));
        }
        step("define with a long auth", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, new byte[33], pub(h, RW, 8)));
        step("define with a short policy", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW,
                new NvPublic(h, TpmAlgId.SHA256.value(), RW, new byte[20], 8)));
        step("define with a bad nameAlg", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW,
                new NvPublic(h, TpmAlgId.NULL.value(), RW, new byte[0], 8)));
        step("define at a persistent handle", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, pub(0x81000001, RW, 8)));
        step("define twice", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, pub(BASE + 1, RW, 8)));
        step("define by platform", TpmNvCommands.defineSpace(TpmRh.PLATFORM, OWNER, PW,
                pub(BASE + 20, RW | TpmaNv.PPREAD | TpmaNv.PPWRITE | TpmaNv.PLATFORMCREATE, 8)));
        step("define by platform without PLATFORMCREATE", TpmNvCommands.defineSpace(TpmRh.PLATFORM, OWNER, PW,
                pub(h, RW, 8)));
        step("undefine a platform index by owner", TpmNvCommands.undefineSpace(TpmRh.OWNER, OWNER, BASE + 20));
        step("define POLICY_DELETE by platform", TpmNvCommands.defineSpace(TpmRh.PLATFORM, OWNER, PW,
                pub(BASE + 21, RW | TpmaNv.PLATFORMCREATE | TpmaNv.POLICY_DELETE, 8)));
        step("undefine a POLICY_DELETE index", TpmNvCommands.undefineSpace(TpmRh.PLATFORM, OWNER, BASE + 21));
        step("UndefineSpaceSpecial with a password", TpmNvCommands.undefineSpaceSpecial(BASE + 21,
                AuthCommand.password(PW), OWNER));
        step("UndefineSpaceSpecial of an index without POLICY_DELETE", TpmNvCommands.undefineSpaceSpecial(BASE + 20,
                AuthCommand.password(PW), OWNER));
    }

    private void locks() {
        int s = BASE + 7;
        define("WRITE_STCLEAR", s, RW | TpmaNv.WRITE_STCLEAR | TpmaNv.READ_STCLEAR, 8);
        step("write", TpmNvCommands.write(TpmRh.OWNER.value(), s, OWNER, new byte[8], 0));
        step("writeLock", TpmNvCommands.writeLock(TpmRh.OWNER.value(), s, OWNER));
        step("write when locked", TpmNvCommands.write(TpmRh.OWNER.value(), s, OWNER, new byte[8], 0));
        step("writeLock again", TpmNvCommands.writeLock(TpmRh.OWNER.value(), s, OWNER));
        step("writeLock by platform", TpmNvCommands.writeLock(TpmRh.PLATFORM.value(), s, OWNER));
        step("readLock", TpmNvCommands.readLock(TpmRh.OWNER.value(), s, OWNER));
        step("read when locked", TpmNvCommands.read(TpmRh.OWNER.value(), s, OWNER, 8, 0));
        step("readLock again", TpmNvCommands.readLock(TpmRh.OWNER.value(), s, OWNER));
        same("locked public", TpmNvCommands.readPublic(s));
        step("writeLock without WRITEDEFINE or WRITE_STCLEAR", TpmNvCommands.writeLock(TpmRh.OWNER.value(),
                BASE + 1, OWNER));
        step("readLock without READ_STCLEAR", TpmNvCommands.readLock(TpmRh.OWNER.value(), BASE + 1, OWNER));
        int d = BASE + 8;
        define("WRITEDEFINE", d, RW | TpmaNv.WRITEDEFINE, 8);
        step("writeLock of an unwritten WRITEDEFINE", TpmNvCommands.writeLock(TpmRh.OWNER.value(), d, OWNER));
        step("write when locked", TpmNvCommands.write(TpmRh.OWNER.value(), d, OWNER, new byte[8], 0));
        int g = BASE + 9;
        define("GLOBALLOCK", g, RW | TpmaNv.GLOBALLOCK, 8);
        step("GlobalWriteLock", TpmNvCommands.globalWriteLock(TpmRh.OWNER, OWNER));
        step("write after GlobalWriteLock", TpmNvCommands.write(TpmRh.OWNER.value(), g, OWNER, new byte[8], 0));
        same("GLOBALLOCK public", TpmNvCommands.readPublic(g));
    }

    private void pins() {
        int p = BASE + 30;
        define("PIN pass", p, TpmaNv.withType(RW | TpmaNv.AUTHREAD, TpmNt.PIN_PASS), 8);
        step("PIN pass read before written", TpmNvCommands.read(p, p, AuthCommand.password(PW), 8, 0));
        step("PIN pass limit 2", TpmNvCommands.write(TpmRh.OWNER.value(), p, OWNER, new byte[] {0, 0, 0, 0, 0, 0, 0, 2}, 0));
        for (int i = 0; i < 3; i++) {
            step("PIN pass use " + i, TpmNvCommands.read(p, p, AuthCommand.password(PW), 8, 0));
        }
        same("PIN pass counts", TpmNvCommands.read(TpmRh.OWNER.value(), p, OWNER, 8, 0));
        int f = BASE + 31;
        define("PIN fail", f, TpmaNv.withType(RW | TpmaNv.AUTHREAD | TpmaNv.NO_DA, TpmNt.PIN_FAIL), 8);
        step("PIN fail limit 2", TpmNvCommands.write(TpmRh.OWNER.value(), f, OWNER, new byte[] {0, 0, 0, 0, 0, 0, 0, 2}, 0));
        step("PIN fail right", TpmNvCommands.read(f, f, AuthCommand.password(PW), 8, 0));
        for (int i = 0; i < 3; i++) {
            step("PIN fail wrong " + i, TpmNvCommands.read(f, f, AuthCommand.password("x".getBytes()), 8, 0));
        }
        step("PIN fail right after the limit", TpmNvCommands.read(f, f, AuthCommand.password(PW), 8, 0));
        same("PIN fail counts", TpmNvCommands.read(TpmRh.OWNER.value(), f, OWNER, 8, 0));
    }

    /** Sends a command built around each side's own handle (a session or a key): the same response code. */
    private void stepEach(String what, int theirHandle, int myHandle, java.util.function.IntFunction<byte[]> build) {
        int rt = TpmTestSupport.rc(lib.process(build.apply(theirHandle)));
        int rm = TpmTestSupport.rc(ours.execute(0, build.apply(myHandle)));
        steps++;
        if (rt != rm) {
            differences.add(what + ": libtpms 0x" + Integer.toHexString(rt) + ", jvtpm 0x" + Integer.toHexString(rm));
        }
    }

    /** A policy session on each side after PolicyCommandCode({@code cc}): their handles. */
    private int[] policySession(TpmCc cc) {
        byte[] start = CommandBuilder.of(TpmCc.START_AUTH_SESSION).handle(TpmRh.NULL).handle(TpmRh.NULL)
                .tpm2b(new byte[16]).u16(0).u8(1).u16(TpmAlgId.NULL.value()).u16(TpmAlgId.SHA256.value()).build();
        byte[] t = lib.process(start);
        assertEquals(0, TpmTestSupport.rc(t), "libtpms StartAuthSession " + TpmTestSupport.hex(t));
        int theirs = TpmResponse.parse(t).handle(0);
        int mine = TpmResponse.parse(TpmTestSupport.ok(ours, start)).handle(0);
        stepEach("PolicyCommandCode " + cc, theirs, mine,
                h -> CommandBuilder.of(TpmCc.POLICY_COMMAND_CODE).handle(h).u32(cc.value()).build());
        return new int[] {theirs, mine};
    }

    /** TPM2_FlushContext of each side's session (the libtpms profile loads three sessions at most). */
    private void flush(int[] session) {
        stepEach("flush", session[0], session[1], TpmCommands::flushContext);
    }

    private static AuthCommand policy(int h) {
        return new AuthCommand(h, new byte[16], 1, new byte[0]);
    }

    private static byte[] policyDigest(TpmCc cc) {
        return HashAlgorithm.SHA256.digest(new byte[32], TpmWire.u32Bytes(TpmCc.POLICY_COMMAND_CODE.value()),
                TpmWire.u32Bytes(cc.value()));
    }

    private void policies() {
        int h = BASE + 40;
        NvPublic p = new NvPublic(h, TpmAlgId.SHA256.value(), RW | TpmaNv.AUTHREAD | TpmaNv.POLICYWRITE | TpmaNv.NO_DA,
                policyDigest(TpmCc.NV_CHANGE_AUTH), 8);
        step("define with a policy", TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, p));
        same("ReadPublic with a policy", TpmNvCommands.readPublic(h));
        int[] s = policySession(TpmCc.NV_CHANGE_AUTH);
        stepEach("ChangeAuth through the policy", s[0], s[1],
                x -> TpmNvCommands.changeAuth(h, policy(x), "new".getBytes()));
        flush(s);
        step("read with the new auth", TpmNvCommands.write(TpmRh.OWNER.value(), h, OWNER, new byte[8], 0));
        step("read with the new auth", TpmNvCommands.read(h, h, AuthCommand.password("new".getBytes()), 8, 0));
        step("read with the old auth", TpmNvCommands.read(h, h, AuthCommand.password(PW), 8, 0));
        int[] w = policySession(TpmCc.NV_WRITE);
        stepEach("write through a policy for another command", w[0], w[1],
                x -> TpmNvCommands.write(h, h, policy(x), new byte[8], 0));
        flush(w);
        int[] r = policySession(TpmCc.NV_CHANGE_AUTH);
        stepEach("read through a policy without POLICYREAD", r[0], r[1],
                x -> TpmNvCommands.read(h, h, policy(x), 8, 0));
        flush(r);
        int d = BASE + 41;
        step("define POLICY_DELETE", TpmNvCommands.defineSpace(TpmRh.PLATFORM, OWNER, PW, new NvPublic(d,
                TpmAlgId.SHA256.value(), TpmaNv.PPREAD | TpmaNv.PPWRITE | TpmaNv.PLATFORMCREATE | TpmaNv.POLICY_DELETE,
                policyDigest(TpmCc.NV_UNDEFINE_SPACE_SPECIAL), 8)));
        int[] u = policySession(TpmCc.NV_UNDEFINE_SPACE_SPECIAL);
        stepEach("UndefineSpaceSpecial through the policy", u[0], u[1],
                x -> TpmNvCommands.undefineSpaceSpecial(d, policy(x), OWNER));
        step("ReadPublic after UndefineSpaceSpecial", TpmNvCommands.readPublic(d));
        flush(u);
    }

    private void certify() {
        TpmWriter template = new TpmWriter(64);
        template.u16(TpmAlgId.ECC.value()).u16(TpmAlgId.SHA256.value()).u32(0x00040472).u16(0);
        template.u16(TpmAlgId.NULL.value()).u16(TpmAlgId.ECDSA.value()).u16(TpmAlgId.SHA256.value()).u16(0x0003)
                .u16(TpmAlgId.NULL.value()).u16(0).u16(0);
        byte[] create = TpmCommands.createPrimary(TpmRh.OWNER, new byte[0], template.toByteArray());
        int theirs = TpmResponse.parse(lib.process(create)).handle(0);
        int mine = TpmResponse.parse(TpmTestSupport.ok(ours, create)).handle(0);
        int h = BASE + 1;
        stepEach("Certify digest", theirs, mine,
                k -> TpmNvCommands.certify(k, OWNER, TpmRh.OWNER.value(), OWNER, h, new byte[4], 0, 0));
        stepEach("Certify octets", theirs, mine,
                k -> TpmNvCommands.certify(k, OWNER, h, AuthCommand.password(PW), h, new byte[4], 8, 4));
        stepEach("Certify past the end", theirs, mine,
                k -> TpmNvCommands.certify(k, OWNER, TpmRh.OWNER.value(), OWNER, h, new byte[0], 8, 30));
        stepEach("Certify of an unwritten index", theirs, mine,
                k -> TpmNvCommands.certify(k, OWNER, TpmRh.OWNER.value(), OWNER, BASE + 8, new byte[0], 0, 0));
        stepEach("Certify by a null key", theirs, mine,
                k -> TpmNvCommands.certify(TpmRh.NULL.value(), OWNER, TpmRh.OWNER.value(), OWNER, h, new byte[0], 4, 0));
        stepEach("flush", theirs, mine, TpmCommands::flushContext);
    }

    private void hierarchies() {
        step("disable owner", TpmCommands.hierarchyControl(TpmRh.PLATFORM, TpmRh.OWNER, false));
        step("read an owner index with owner disabled", TpmNvCommands.read(BASE + 1, BASE + 1,
                AuthCommand.password(PW), 1, 0));
        step("ReadPublic with owner disabled", TpmNvCommands.readPublic(BASE + 1));
        same("platform index with owner disabled", TpmNvCommands.readPublic(BASE + 20));
        capabilities("with owner disabled");
        step("disable platform NV", TpmCommands.hierarchyControl(TpmRh.PLATFORM, TpmRh.PLATFORM_NV, false));
        step("platform index with platform NV disabled", TpmNvCommands.readPublic(BASE + 20));
        step("Clear", TpmCommands.clear(TpmRh.PLATFORM));
        capabilities("after Clear");
    }

    private void fill() {
        int n = 0;
        while (n < 200) {
            byte[] cmd = TpmNvCommands.defineSpace(TpmRh.OWNER, OWNER, PW, pub(0x01400000 + n, RW, 2048));
            int theirs = TpmTestSupport.rc(lib.process(cmd));
            int mine = TpmTestSupport.rc(ours.execute(0, cmd));
            steps++;
            if (theirs != mine) {
                differences.add("fill, index " + n + ": libtpms 0x" + Integer.toHexString(theirs) + ", jvtpm 0x"
                        + Integer.toHexString(mine));
                break;
            }
            if (theirs != 0) {
                break;
            }
            n++;
        }
        capabilities("when full");
    }
}
