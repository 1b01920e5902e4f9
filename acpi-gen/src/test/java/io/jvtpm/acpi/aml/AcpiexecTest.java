package io.jvtpm.acpi.aml;

import static io.jvtpm.acpi.aml.Asl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Peer test: ACPICA's interpreter ({@code acpiexec}) loads a DSDT we encode and evaluates test
 * methods written with our nodes, proving loops, branches, arithmetic, logic, references, buffer
 * fields, conversions, mutexes, regions and method calls execute as intended (ACPI 6.5 chapter 19
 * semantics).
 */
@Tag("peer")
class AcpiexecTest {

    static final String TRUE = "[Integer] = FFFFFFFFFFFFFFFF";
    static final String FALSE = "[Integer] = 0000000000000000";

    @TempDir
    static Path dir;
    static Path acpiexec;
    static Path dsdt;
    /** What acpiexec printed for each evaluation, in the order of {@link #evaluations()}. */
    static List<String> results;

    static String intOf(long v) {
        return String.format("[Integer] = %016X", v);
    }

    static List<Aml> testMethods() {
        return List.of(
                method("SUMN", 1, false,
                        store(ZERO, local(0)),
                        store(ZERO, local(1)),
                        whileLoop(lLess(local(1), arg(0)),
                                increment(local(1)),
                                add(local(0), local(1), local(0))),
                        ret(local(0))),
                method("BRKC", 0, false,
                        store(ZERO, local(0)),
                        store(ZERO, local(1)),
                        whileLoop(ONES,
                                increment(local(0)),
                                ifThen(lGreater(local(0), integer(10)), breakLoop()),
                                ifThen(lEqual(and(local(0), ONE), ONE), continueLoop()),
                                add(local(1), local(0), local(1))),
                        ret(local(1))),
                method("ART2", 2, false,
                        store(pkgOfSize(13), local(7)),
                        store(add(arg(0), arg(1)), index(local(7), ZERO)),
                        store(subtract(arg(0), arg(1)), index(local(7), ONE)),
                        store(multiply(arg(0), arg(1)), index(local(7), integer(2))),
                        store(divide(arg(0), arg(1), local(2), Target.NONE), index(local(7), integer(3))),
                        store(local(2), index(local(7), integer(4))),
                        store(mod(arg(0), arg(1)), index(local(7), integer(5))),
                        store(shiftLeft(arg(0), integer(2)), index(local(7), integer(6))),
                        store(shiftRight(arg(0), ONE), index(local(7), integer(7))),
                        store(and(arg(0), arg(1)), index(local(7), integer(8))),
                        store(or(arg(0), arg(1)), index(local(7), integer(9))),
                        store(xor(arg(0), arg(1)), index(local(7), integer(10))),
                        store(and(not(arg(0)), integer(0xFF)), index(local(7), integer(11))),
                        store(findSetLeftBit(arg(0)), index(local(7), integer(12))),
                        ret(local(7))),
                method("LOG2", 2, false,
                        store(pkgOfSize(9), local(7)),
                        store(lAnd(arg(0), arg(1)), index(local(7), ZERO)),
                        store(lOr(arg(0), arg(1)), index(local(7), ONE)),
                        store(lNot(arg(0)), index(local(7), integer(2))),
                        store(lEqual(arg(0), arg(1)), index(local(7), integer(3))),
                        store(lGreater(arg(0), arg(1)), index(local(7), integer(4))),
                        store(lLess(arg(0), arg(1)), index(local(7), integer(5))),
                        store(lNotEqual(arg(0), arg(1)), index(local(7), integer(6))),
                        store(lGreaterEqual(arg(0), arg(1)), index(local(7), integer(7))),
                        store(lLessEqual(arg(0), arg(1)), index(local(7), integer(8))),
                        ret(local(7))),
                method("IFEL", 1, false,
                        ifElse(lEqual(arg(0), ONE), List.of(ret(string("one"))),
                                List.of(ifElse(lEqual(arg(0), integer(2)), List.of(ret(string("two"))),
                                        List.of(ret(string("other"))))))),
                name("PKG0", pkg(integer(0x10), integer(0x20), integer(0x30))),
                method("PKGX", 1, true,
                        store(integer(0x99), index(path("PKG0"), arg(0))),
                        ret(add(derefOf(index(path("PKG0"), arg(0))), sizeOf(path("PKG0"))))),
                method("BUFF", 0, true,
                        store(buffer(integer(8), new byte[0]), local(0)),
                        createDWordField(local(0), ZERO, "DW00"),
                        createByteField(local(0), integer(4), "BY00"),
                        createWordField(local(0), integer(5), "WD00"),
                        createBitField(local(0), integer(63), "BT00"),
                        store(integer(0x11223344L), path("DW00")),
                        store(integer(0x55), path("BY00")),
                        store(integer(0x7766), path("WD00")),
                        store(ONE, path("BT00")),
                        ret(local(0))),
                method("UUID", 1, false,
                        ifThen(lEqual(arg(0), toUuid("3dddfaa6-361b-4eb4-a424-8d10089d1653")), ret(ONE)),
                        ret(ZERO)),
                method("CNV2", 0, true,
                        store(pkgOfSize(4), local(7)),
                        store(toInteger(string("0x1F")), index(local(7), ZERO)),
                        store(toHexString(integer(0x1F)), index(local(7), ONE)),
                        store(toDecimalString(integer(42)), index(local(7), integer(2))),
                        store(concat(string("TP"), string("M2")), index(local(7), integer(3))),
                        ret(local(7))),
                mutex("MTX0", 0),
                method("MUTX", 0, true,
                        store(acquire("MTX0", 0xFFFF), local(0)),
                        release("MTX0"),
                        ret(local(0))),
                operationRegion("RG00", RegionSpace.SYSTEM_MEMORY, 0x100000, 0x10),
                field("RG00", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        named("RF00", 8), offset(4), named("RF04", 32)),
                method("REGN", 0, true,
                        store(integer(0xA5), path("RF00")),
                        store(integer(0xCAFEBABEL), path("RF04")),
                        ret(add(path("RF00"), path("RF04")))),
                method("CALL", 0, false, ret(call("SUMN", integer(4)))),
                name("AL00", integer(0x77)),
                alias("AL00", "AL01"),
                method("ALIS", 0, false, ret(path("AL01"))),
                event("EV00"),
                method("EVN2", 0, true,
                        store(waitFor("EV00", integer(1)), local(0)),
                        signal("EV00"),
                        store(waitFor("EV00", integer(0xFFFF)), local(1)),
                        store(pkgOfSize(2), local(2)),
                        store(local(0), index(local(2), ZERO)),
                        store(local(1), index(local(2), ONE)),
                        ret(local(2))),
                method("MTCH", 1, false,
                        ret(match(pkg(integer(3), integer(5), integer(7), integer(5)), MatchOperator.MEQ, arg(0),
                                MatchOperator.MTR, ZERO, ONE))),
                method("TSTR", 0, false, ret(toStringOf(buffer(0x54, 0x50, 0x4D, 0x00, 0x41), ONES))),
                method("TIMR", 0, true,
                        store(timer(), local(0)),
                        stall(integer(50)),
                        ret(lGreater(timer(), local(0)))),
                scope("\\_SB",
                        device("TPM",
                                name("_HID", string("MSFT0101")),
                                name("_STA", integer(0x0F)),
                                name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000))),
                                method("CRSB", 0, true,
                                        createDWordField(path("_CRS"), integer(4), "BAS0"),
                                        createDWordField(path("_CRS"), integer(8), "LEN0"),
                                        ret(pkg(path("BAS0"), path("LEN0")))),
                                method("_DSM", 4, true,
                                        ifThen(lEqual(arg(0), toUuid("3dddfaa6-361b-4eb4-a424-8d10089d1653")),
                                                ifThen(lEqual(arg(2), ZERO), ret(buffer(0xFF, 0x01))),
                                                ifThen(lEqual(arg(2), ONE), ret(string("1.3")))),
                                        ret(buffer(0x00))))));
    }

    static Stream<Arguments> evaluations() {
        String ppi = "(a6 fa dd 3d 1b 36 b4 4e a4 24 8d 10 08 9d 16 53)";
        return Stream.of(
                Arguments.of("SUMN 0x0A", List.of(intOf(55))),
                Arguments.of("SUMN 0", List.of(intOf(0))),
                Arguments.of("BRKC", List.of(intOf(2 + 4 + 6 + 8 + 10))),
                Arguments.of("ART2 0x0D 0x03", List.of("Contains 13 Elements", intOf(16), intOf(10), intOf(39), intOf(4),
                        intOf(1), intOf(1), intOf(52), intOf(6), intOf(1), intOf(15), intOf(14), intOf(0xF2), intOf(4))),
                Arguments.of("LOG2 0x05 0x03", List.of(TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE, TRUE, FALSE)),
                Arguments.of("LOG2 0 0x03", List.of(FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, TRUE, FALSE, TRUE)),
                Arguments.of("IFEL 1", List.of("[String] Length 03 = \"one\"")),
                Arguments.of("IFEL 2", List.of("[String] Length 03 = \"two\"")),
                Arguments.of("IFEL 3", List.of("[String] Length 05 = \"other\"")),
                Arguments.of("PKGX 1", List.of(intOf(0x99 + 3))),
                Arguments.of("BUFF", List.of("[Buffer] Length 08 = 0000: 44 33 22 11 55 66 77 80")),
                Arguments.of("UUID " + ppi, List.of(intOf(1))),
                Arguments.of("UUID (00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f)", List.of(intOf(0))),
                Arguments.of("CNV2", List.of(intOf(0x1F), "\"000000000000001F\"", "\"42\"", "\"TPM2\"")),
                Arguments.of("MUTX", List.of(intOf(0))),
                Arguments.of("REGN", List.of(intOf(0xA5L + 0xCAFEBABEL))),
                Arguments.of("CALL", List.of(intOf(10))),
                Arguments.of("ALIS", List.of(intOf(0x77))),
                Arguments.of("EVN2", List.of("Contains 2 Elements", TRUE, FALSE)),
                Arguments.of("MTCH 5", List.of(intOf(1))),
                Arguments.of("MTCH 7", List.of(intOf(2))),
                Arguments.of("MTCH 9", List.of(TRUE)),
                Arguments.of("TSTR", List.of("[String] Length 03 = \"TPM\"")),
                Arguments.of("TIMR", List.of(TRUE)),
                Arguments.of("\\_SB.TPM._STA", List.of(intOf(0x0F))),
                Arguments.of("\\_SB.TPM._HID", List.of("[String] Length 08 = \"MSFT0101\"")),
                Arguments.of("\\_SB.TPM.CRSB", List.of(intOf(0xFED40000L), intOf(0x5000))),
                Arguments.of("\\_SB.TPM._DSM " + ppi + " 1 0 [0]", List.of("[Buffer] Length 02 = 0000: FF 01")),
                Arguments.of("\\_SB.TPM._DSM " + ppi + " 1 1 [0]", List.of("[String] Length 03 = \"1.3\"")));
    }

    @BeforeAll
    static void writeDsdt() throws Exception {
        acpiexec = Peers.require("acpiexec", "acpica-tools");
        dsdt = dir.resolve("dsdt.aml");
        Files.write(dsdt, AmlTable.dsdt(OemIds.JVTPM, testMethods()).toBytes());
        List<String> calls = evaluations().map(a -> (String) a.get()[0]).toList();
        String batch = String.join("; ", calls.stream().map(c -> "evaluate " + c).toList());
        Peers.Result r = Peers.run(dir, acpiexec.toString(), "-b", batch, dsdt.toString());
        String out = r.output().replaceAll("[ \\t]+", " ");
        assertEquals(0, r.exitCode(), out);
        String[] parts = out.split("\nEvaluating ");
        assertEquals(calls.size() + 1, parts.length, "one result per evaluation:\n" + out);
        results = List.of(parts).subList(1, parts.length);
    }

    @org.junit.jupiter.api.Test
    void ssdtExtendsTheDsdtThroughExternal() throws Exception {
        Path base = dir.resolve("base.aml");
        Files.write(base, AmlTable.dsdt(OemIds.JVTPM, List.of(scope("\\_SB",
                device("TPM", name("_HID", string("MSFT0101")), name("VALU", integer(0x21)))))).toBytes());
        Path ssdt = dir.resolve("ssdt.aml");
        Files.write(ssdt, AmlTable.ssdt(OemIds.JVTPM, List.of(
                externals(external("\\_SB.TPM", ObjectTypeCode.DEVICE, 0),
                        external("\\_SB.TPM.VALU", ObjectTypeCode.INTEGER, 0)),
                scope("\\_SB.TPM", method("XTRA", 1, false, ret(add(path("VALU"), arg(0))))))).toBytes());
        Peers.Result r = Peers.run(dir, acpiexec.toString(), "-b", "evaluate \\_SB.TPM.XTRA 0x0B",
                base.toString(), ssdt.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("AE_"), r.output());
        assertTrue(r.output().contains(intOf(0x2C)), r.output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluations")
    void acpiexecEvaluates(String call, List<String> expected) throws Exception {
        List<String> calls = evaluations().map(a -> (String) a.get()[0]).toList();
        String out = results.get(calls.indexOf(call));
        assertFalse(out.contains("AE_"), "interpreter error:\n" + out);
        int at = out.indexOf("Evaluation of");
        assertTrue(at >= 0, "no evaluation result:\n" + out);
        for (String e : expected) {
            String want = e.replaceAll("[ \\t]+", " ");
            int i = out.indexOf(want, at);
            assertTrue(i >= 0, "expected '" + want + "' after position " + at + " in:\n" + out);
            at = i + want.length();
        }
    }
}
