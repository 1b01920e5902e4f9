package io.jvtpm.acpi.aml;

import static io.jvtpm.acpi.aml.Asl.*;

import io.jvtpm.acpi.aml.resource.AddressSpace;
import io.jvtpm.acpi.aml.resource.ExtendedInterrupt;
import io.jvtpm.acpi.aml.resource.FixedIo;
import io.jvtpm.acpi.aml.resource.InterruptFlags;
import io.jvtpm.acpi.aml.resource.Io;
import io.jvtpm.acpi.aml.resource.Irq;
import io.jvtpm.acpi.aml.resource.Memory32;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of AML constructs: each row is the ASL it stands for and the nodes that encode it.
 * Rows marked {@code inMethod} are wrapped, on both sides, in {@code Method (TST_, 7)}.
 */
final class AmlCases {

    /** One construct: its id, its ASL, whether it sits inside a method, and our nodes. */
    record Case(String id, String asl, boolean inMethod, List<Aml> nodes, String iaslDiffers) {
        /** Our nodes, wrapped like the ASL. */
        List<Aml> terms() {
            return inMethod ? List.of(method("TST_", 7, false, nodes)) : nodes;
        }

        /** The ASL body, wrapped like the nodes. */
        String aslBody() {
            return inMethod ? "Method (TST_, 7, NotSerialized)\n{\n" + asl + "\n}\n" : asl;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void top(String id, String asl, Aml... nodes) {
        CASES.add(new Case(id, asl, false, List.of(nodes), null));
    }

    /** A row whose bytes iasl does not produce verbatim, for the reason given. */
    private static void topIaslDiffers(String id, String reason, String asl, Aml... nodes) {
        CASES.add(new Case(id, asl, false, List.of(nodes), reason));
    }

    private static void body(String id, String asl, Aml... nodes) {
        CASES.add(new Case(id, asl, true, List.of(nodes), null));
    }

    static {
        // integers in their shortest encoding
        top("int-zero", "Name (I000, Zero)", name("I000", ZERO));
        top("int-one", "Name (I001, One)", name("I001", ONE));
        top("int-ones", "Name (I002, Ones)", name("I002", ONES));
        top("int-ones-literal", "Name (I003, 0xFFFFFFFFFFFFFFFF)", name("I003", integer(-1L)));
        top("int-byte", "Name (I004, 0x0F)", name("I004", integer(0x0F)));
        top("int-byte-max", "Name (I005, 0xFF)", name("I005", integer(0xFF)));
        top("int-word", "Name (I006, 0x0100)", name("I006", integer(0x100)));
        top("int-word-max", "Name (I007, 0xFFFF)", name("I007", integer(0xFFFF)));
        top("int-dword", "Name (I008, 0xFED40000)", name("I008", integer(0xFED40000L)));
        top("int-dword-max", "Name (I009, 0xFFFFFFFF)", name("I009", integer(0xFFFFFFFFL)));
        top("int-qword", "Name (I010, 0x0000000100000000)", name("I010", integer(0x1_0000_0000L)));
        top("int-qword-big", "Name (I011, 0x8000000000000000)", name("I011", integer(Long.MIN_VALUE)));
        top("eisaid", "Name (_HID, EisaId (\"PNP0A03\"))", name("_HID", eisaId("PNP0A03")));
        // strings, buffers, packages
        top("string", "Name (S001, \"TPM 2.0 Device\")", name("S001", string("TPM 2.0 Device")));
        top("unicode", "Name (_STR, Unicode (\"TPM\"))", name("_STR", unicode("TPM")));
        top("string-empty", "Name (S000, \"\")", name("S000", string("")));
        top("buffer-1", "Name (B000, Buffer (One) {0x00})", name("B000", buffer(0x00)));
        top("buffer-2", "Name (B001, Buffer (0x02) {0xFF, 0x01})", name("B001", buffer(0xFF, 0x01)));
        top("buffer-sized", "Name (B002, Buffer (0x10) {0x01, 0x02})",
                name("B002", buffer(integer(0x10), new byte[] {1, 2})));
        top("buffer-long", "Name (B003, Buffer (0x40) {" + zeros(0x40) + "})", name("B003", buffer(new byte[0x40])));
        top("buffer-4k", "Name (B004, Buffer (0x1000) {" + zeros(0x1000) + "})", name("B004", buffer(new byte[0x1000])));
        top("touuid", "Name (U000, ToUUID (\"3dddfaa6-361b-4eb4-a424-8d10089d1653\"))",
                name("U000", toUuid("3dddfaa6-361b-4eb4-a424-8d10089d1653")));
        top("package-2", "Name (TPM2, Package (0x02) {Zero, Zero})", name("TPM2", pkg(ZERO, ZERO)));
        top("package-mixed", "Name (P000, Package () {0x05, \"ab\", Buffer () {0x01, 0x02}, Package () {One}})",
                name("P000", pkg(integer(5), string("ab"), buffer(1, 2), pkg(ONE))));
        top("package-sized", "Name (P001, Package (0x04) {One})", name("P001", pkgOfSize(4, ONE)));
        top("package-name-ref", "Name (I100, One)\nName (P002, Package () {I100})",
                name("I100", ONE), name("P002", pkg(path("I100"))));
        body("varpackage", "Local0 = Package (Arg0) {One, 0x02}",
                store(varPackage(arg(0), ONE, integer(2)), local(0)));
        // names
        top("name-root", "Scope (\\) { Name (R000, One) }", scope("\\", name("R000", ONE)));
        top("name-dual", "Scope (\\_SB) { Device (PCI0) { } }\nScope (\\_SB.PCI0) { Name (D000, One) }",
                scope("\\_SB", device("PCI0")), scope("\\_SB.PCI0", name("D000", ONE)));
        top("name-multi", "Device (\\_SB.DEVA) { Device (DEVB) { Device (DEVC) { } } }\n"
                        + "Scope (\\_SB.DEVA.DEVB.DEVC) { Name (M000, One) }",
                device("\\_SB.DEVA", device("DEVB", device("DEVC"))),
                scope("\\_SB.DEVA.DEVB.DEVC", name("M000", ONE)));
        top("name-parent", "Device (DEVP) { Name (X000, One)\n Device (DEVQ) { Name (Y000, Package () {^X000}) } }",
                device("DEVP", name("X000", ONE), device("DEVQ", name("Y000", pkg(path("^X000"))))));
        // scope / device / method
        top("device-tpm", "Device (TPM) { Name (_HID, \"MSFT0101\")\n Name (_UID, One)\n Name (_STA, 0x0F) }",
                device("TPM", name("_HID", string("MSFT0101")), name("_UID", ONE), name("_STA", integer(0x0F))));
        top("method-plain", "Method (M000, 0, NotSerialized) { Return (0x0F) }", method("M000", 0, false, ret(integer(0x0F))));
        top("method-serialized", "Method (M001, 4, Serialized) { Return (Arg3) }", method("M001", 4, true, ret(arg(3))));
        top("method-sync", "Method (M002, 1, Serialized, 3) { Return (Arg0) }", method("M002", 1, true, 3, ret(arg(0))));
        top("method-long", "Method (M003, 0, NotSerialized) {\n" + "Noop\n".repeat(70) + "}",
                method("M003", 0, false, repeat(noop(), 70)));
        top("method-call", "Method (M004, 2, NotSerialized) { Return (Arg1) }\n"
                        + "Method (M005, 0, NotSerialized) { Return (M004 (One, 0x02)) }",
                method("M004", 2, false, ret(arg(1))), method("M005", 0, false, ret(call("M004", ONE, integer(2)))));
        // args, locals, store
        body("store-local", "Local0 = Arg0\nLocal7 = Arg6", store(arg(0), local(0)), store(arg(6), local(7)));
        body("store-debug", "Debug = \"hi\"", store(string("hi"), debug()));
        body("copyobject", "CopyObject (Arg0, Local1)", copyObject(arg(0), local(1)));
        // arithmetic
        body("add", "Local0 = (Arg0 + Arg1)", add(arg(0), arg(1), local(0)));
        body("add-target", "Add (Arg0, One, Local0)", add(arg(0), ONE, local(0)));
        body("subtract", "Local0 = (Arg0 - 0x02)", subtract(arg(0), integer(2), local(0)));
        body("multiply", "Local0 = (Arg0 * 0x03)", multiply(arg(0), integer(3), local(0)));
        body("divide", "Divide (Arg0, 0x0A, Local1, Local0)", divide(arg(0), integer(10), local(1), local(0)));
        body("mod", "Local0 = (Arg0 % 0x07)", new BinaryOp(BinaryOperator.MOD, arg(0), integer(7), local(0)));
        body("shiftleft", "Local0 = (Arg0 << 0x04)", shiftLeft(arg(0), integer(4), local(0)));
        body("shiftright", "Local0 = (Arg0 >> 0x04)", shiftRight(arg(0), integer(4), local(0)));
        body("and", "Local0 = (Arg0 & 0x07)", and(arg(0), integer(7), local(0)));
        body("or", "Local0 = (Arg0 | 0x80)", or(arg(0), integer(0x80), local(0)));
        body("xor", "Local0 = (Arg0 ^ Arg1)", xor(arg(0), arg(1), local(0)));
        body("nand", "NAnd (Arg0, Arg1, Local0)", new BinaryOp(BinaryOperator.NAND, arg(0), arg(1), local(0)));
        body("nor", "NOr (Arg0, Arg1, Local0)", new BinaryOp(BinaryOperator.NOR, arg(0), arg(1), local(0)));
        body("not", "Local0 = ~Arg0", not(arg(0), local(0)));
        body("findsetleftbit", "FindSetLeftBit (Arg0, Local0)", new UnaryOp(UnaryOperator.FIND_SET_LEFT_BIT, arg(0), local(0)));
        body("increment", "Arg0++", increment(arg(0)));
        body("decrement", "Arg0--", decrement(arg(0)));
        body("concat", "Local0 = Concatenate (Arg0, Arg1)", store(concat(arg(0), arg(1)), local(0)));
        // logical
        body("land", "If ((Arg0 && Arg1)) { Return (One) }", ifThen(lAnd(arg(0), arg(1)), ret(ONE)));
        body("lor", "If ((Arg0 || Arg1)) { Return (One) }", ifThen(lOr(arg(0), arg(1)), ret(ONE)));
        body("lnot", "If (!Arg0) { Return (One) }", ifThen(lNot(arg(0)), ret(ONE)));
        body("lequal", "If ((Arg2 == Zero)) { Return (One) }", ifThen(lEqual(arg(2), ZERO), ret(ONE)));
        body("lnotequal", "If ((Arg2 != Zero)) { Return (One) }", ifThen(lNotEqual(arg(2), ZERO), ret(ONE)));
        body("lgreater", "If ((Arg0 > 0x05)) { Return (One) }", ifThen(lGreater(arg(0), integer(5)), ret(ONE)));
        body("lgreaterequal", "If ((Arg0 >= 0x0100)) { Return (Zero) }", ifThen(lGreaterEqual(arg(0), integer(0x100)), ret(ZERO)));
        body("lless", "If ((Arg0 < 0x05)) { Return (One) }", ifThen(lLess(arg(0), integer(5)), ret(ONE)));
        body("llessequal", "If ((Arg0 <= 0x05)) { Return (One) }", ifThen(lLessEqual(arg(0), integer(5)), ret(ONE)));
        // control flow
        body("if-else", "If ((Arg0 == One)) { Local0 = 0x02 } Else { Local0 = 0x03 }\nReturn (Local0)",
                ifElse(lEqual(arg(0), ONE), List.of(store(integer(2), local(0))), List.of(store(integer(3), local(0)))),
                ret(local(0)));
        body("while-break", "Local0 = Zero\nWhile ((Local0 < 0x0A)) { Local0++\n If ((Local0 == 0x05)) { Break } }\nReturn (Local0)",
                store(ZERO, local(0)),
                whileLoop(lLess(local(0), integer(10)), increment(local(0)), ifThen(lEqual(local(0), integer(5)), breakLoop())),
                ret(local(0)));
        body("while-continue", "While (Arg0) { Arg0--\n Continue }", whileLoop(arg(0), decrement(arg(0)), continueLoop()));
        body("return-string", "Return (\"1.3\")", ret(string("1.3")));
        // references, packages
        body("index-deref", "Local0 = DerefOf (Arg3 [Zero])", store(derefOf(index(arg(3), ZERO)), local(0)));
        body("index-store", "Local0 = Package (0x02) {Zero, Zero}\nLocal0 [One] = Arg0",
                store(pkg(ZERO, ZERO), local(0)), store(arg(0), index(local(0), ONE)));
        body("sizeof", "Local0 = SizeOf (Arg0)", store(sizeOf(arg(0)), local(0)));
        body("refof", "Local0 = RefOf (Arg0)", store(refOf(arg(0)), local(0)));
        body("condrefof", "If (CondRefOf (\\_OSI)) { Return (One) }", ifThen(condRefOf(path("\\_OSI")), ret(ONE)));
        body("objecttype", "Local0 = ObjectType (Arg0)", store(objectType(arg(0)), local(0)));
        body("mid", "Local0 = Mid (Arg0, One, 0x02)", store(mid(arg(0), ONE, integer(2)), local(0)));
        // conversions
        body("tointeger", "Local0 = ToInteger (Arg0)", store(toInteger(arg(0)), local(0)));
        body("tointeger-target", "ToInteger (Arg0, Local0)", toInteger(arg(0), local(0)));
        body("tobuffer", "Local0 = ToBuffer (Arg0)", store(toBuffer(arg(0)), local(0)));
        body("tohexstring", "Local0 = ToHexString (Arg0)", store(toHexString(arg(0)), local(0)));
        body("todecimalstring", "Local0 = ToDecimalString (Arg0)", store(toDecimalString(arg(0)), local(0)));
        // buffer fields
        body("createfields", "CreateBitField (Arg0, 0x03, BT00)\nCreateByteField (Arg0, One, BY00)\n"
                        + "CreateWordField (Arg0, 0x02, WD00)\nCreateDWordField (Arg0, 0x04, DW00)\n"
                        + "CreateQWordField (Arg0, 0x08, QW00)\nCreateField (Arg0, 0x80, 0x0C, FL00)",
                createBitField(arg(0), integer(3), "BT00"), createByteField(arg(0), ONE, "BY00"),
                createWordField(arg(0), integer(2), "WD00"), createDWordField(arg(0), integer(4), "DW00"),
                createQWordField(arg(0), integer(8), "QW00"), createField(arg(0), integer(0x80), integer(12), "FL00"));
        // regions and fields
        top("opregion-mem", "OperationRegion (TPP2, SystemMemory, 0xFED45100, 0x5A)",
                operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, 0xFED45100L, 0x5A));
        top("opregion-io", "OperationRegion (SMIP, SystemIO, 0xB2, One)", operationRegion("SMIP", RegionSpace.SYSTEM_IO, 0xB2, 1));
        top("opregion-pci", "OperationRegion (PCIC, PCI_Config, Zero, 0x0100)",
                operationRegion("PCIC", RegionSpace.PCI_CONFIG, 0, 0x100));
        top("opregion-cmos", "OperationRegion (CMS0, SystemCMOS, Zero, 0x40)", operationRegion("CMS0", RegionSpace.SYSTEM_CMOS, 0, 0x40));
        top("opregion-ec", "OperationRegion (ECR0, EmbeddedControl, Zero, 0xFF)", operationRegion("ECR0", RegionSpace.EMBEDDED_CONTROL, 0, 0xFF));
        top("field-ppi", "OperationRegion (TPP2, SystemMemory, 0xFED45100, 0x5A)\n"
                        + "Field (TPP2, AnyAcc, NoLock, Preserve) { PPIN, 8, PPIP, 32, PPRP, 32, PPRQ, 32, PPRM, 32, LPPR, 32 }",
                operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, 0xFED45100L, 0x5A),
                field("TPP2", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        named("PPIN", 8), named("PPIP", 32), named("PPRP", 32), named("PPRQ", 32), named("PPRM", 32), named("LPPR", 32)));
        top("field-rules", "OperationRegion (R000, SystemMemory, 0x1000, 0x100)\n"
                        + "Field (R000, DWordAcc, Lock, WriteAsOnes) { F000, 32 }\n"
                        + "Field (R000, WordAcc, NoLock, WriteAsZeros) { F001, 16 }\n"
                        + "Field (R000, QWordAcc, NoLock, Preserve) { F002, 64 }\n"
                        + "Field (R000, BufferAcc, NoLock, Preserve) { F003, 8 }",
                operationRegion("R000", RegionSpace.SYSTEM_MEMORY, 0x1000, 0x100),
                field("R000", AccessType.DWORD_ACC, LockRule.LOCK, UpdateRule.WRITE_AS_ONES, named("F000", 32)),
                field("R000", AccessType.WORD_ACC, LockRule.NO_LOCK, UpdateRule.WRITE_AS_ZEROS, named("F001", 16)),
                field("R000", AccessType.QWORD_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("F002", 64)),
                field("R000", AccessType.BUFFER_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("F003", 8)));
        top("field-offset-reserved", "OperationRegion (R001, SystemMemory, 0x2000, 0x1000)\n"
                        + "Field (R001, ByteAcc, NoLock, Preserve) { F100, 8, , 8, F101, 4, Offset (0x10), F102, 8,"
                        + " AccessAs (DWordAcc, 0x00), F103, 32, Offset (0x0800), F104, 2048 }",
                operationRegion("R001", RegionSpace.SYSTEM_MEMORY, 0x2000, 0x1000),
                field("R001", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        named("F100", 8), reserved(8), named("F101", 4), offset(0x10), named("F102", 8),
                        accessAs(AccessType.DWORD_ACC, 0), named("F103", 32), offset(0x800), named("F104", 2048)));
        top("indexfield", "OperationRegion (R002, SystemIO, 0x70, 0x02)\n"
                        + "Field (R002, ByteAcc, NoLock, Preserve) { IDX0, 8, DAT0, 8 }\n"
                        + "IndexField (IDX0, DAT0, ByteAcc, NoLock, Preserve) { Offset (0x10), CM10, 8 }",
                operationRegion("R002", RegionSpace.SYSTEM_IO, 0x70, 2),
                field("R002", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("IDX0", 8), named("DAT0", 8)),
                indexField("IDX0", "DAT0", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, offset(0x10), named("CM10", 8)));
        body("opregion-computed", "OperationRegion (TPP1, SystemMemory, (0xFED45000 + Arg0), One)\n"
                        + "Field (TPP1, ByteAcc, NoLock, Preserve) { TPPF, 8 }\nReturn (TPPF)",
                operationRegion("TPP1", RegionSpace.SYSTEM_MEMORY, add(integer(0xFED45000L), arg(0)), ONE),
                field("TPP1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TPPF", 8)),
                ret(path("TPPF")));
        // mutex, notify, sleep
        top("mutex", "Mutex (MTX0, 0x00)\nMutex (MTX1, 0x0F)", mutex("MTX0", 0), mutex("MTX1", 15));
        top("acquire-release", "Mutex (MTX2, 0x00)\nMethod (M010, 0, Serialized) { Acquire (MTX2, 0xFFFF)\n Release (MTX2) }",
                mutex("MTX2", 0), method("M010", 0, true, acquire("MTX2", 0xFFFF), release("MTX2")));
        top("notify", "Device (DEV0) { }\nMethod (M011, 0, NotSerialized) { Notify (DEV0, 0x80) }",
                device("DEV0"), method("M011", 0, false, notifyObject(path("DEV0"), integer(0x80))));
        body("sleep-stall", "Sleep (0x0A)\nStall (0x32)", sleep(integer(10)), stall(integer(50)));
        top("external", "External (\\_SB_.PCI0, DeviceObj)\nExternal (\\_SB_.PCI0.M100, MethodObj)\n"
                        + "External (\\_SB_.PCI0.I100, IntObj)\nMethod (M101, 0, NotSerialized) { Return (\\_SB.PCI0.M100 (\\_SB.PCI0.I100)) }",
                externals(external("\\_SB.PCI0", ObjectTypeCode.DEVICE, 0), external("\\_SB.PCI0.M100", ObjectTypeCode.METHOD, 1),
                        external("\\_SB.PCI0.I100", ObjectTypeCode.INTEGER, 0)),
                method("M101", 0, false, ret(call("\\_SB.PCI0.M100", path("\\_SB.PCI0.I100")))));
        top("alias", "Name (AL00, One)\nAlias (AL00, AL01)", name("AL00", ONE), alias("AL00", "AL01"));
        top("event-signal-wait", "Event (EV00)\nMethod (M020, 0, Serialized) { Signal (EV00)\n Local0 = Wait (EV00, 0x10)\n"
                        + " Reset (EV00)\n Return (Local0) }",
                event("EV00"), method("M020", 0, true, signal("EV00"), store(waitFor("EV00", integer(0x10)), local(0)),
                        resetEvent("EV00"), ret(local(0))));
        body("fatal-breakpoint", "If ((Arg0 == 0x55)) { Fatal (0x01, 0x00000002, Arg1) }\nBreakPoint",
                ifThen(lEqual(arg(0), integer(0x55)), fatal(1, 2, arg(1))), breakPoint());
        body("revision-timer", "Local0 = Revision\nLocal1 = Timer\nReturn ((Local0 + Local1))",
                store(revision(), local(0)), store(timer(), local(1)), ret(add(local(0), local(1))));
        body("tostring", "Local0 = ToString (Arg0, Ones)", store(toStringOf(arg(0), ONES), local(0)));
        body("match", "Local0 = Match (Arg0, MEQ, 0x05, MTR, Zero, Zero)",
                store(match(arg(0), MatchOperator.MEQ, integer(5), MatchOperator.MTR, ZERO, ZERO), local(0)));
        top("powerresource", "PowerResource (PR00, 0x00, 0x0000) { Method (_STA, 0, NotSerialized) { Return (One) }\n"
                        + " Method (_ON, 0, NotSerialized) { }\n Method (_OFF, 0, NotSerialized) { } }",
                powerResource("PR00", 0, 0, method("_STA", 0, false, ret(ONE)), method("_ON", 0, false),
                        method("_OFF", 0, false)));
        top("thermalzone", "ThermalZone (TZ00) { Method (_TMP, 0, NotSerialized) { Return (0x0BB8) } }",
                thermalZone("TZ00", method("_TMP", 0, false, ret(integer(3000)))));
        top("bankfield", "OperationRegion (R003, SystemIO, 0x0C00, 0x10)\n"
                        + "Field (R003, ByteAcc, NoLock, Preserve) { BNK0, 8 }\n"
                        + "BankField (R003, BNK0, 0x02, ByteAcc, NoLock, Preserve) { Offset (0x04), BF00, 8 }",
                operationRegion("R003", RegionSpace.SYSTEM_IO, 0xC00, 0x10),
                field("R003", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("BNK0", 8)),
                bankField("R003", "BNK0", integer(2), AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        offset(4), named("BF00", 8)));
        // resource templates
        top("rt-memory32fixed", "Name (_CRS, ResourceTemplate () { Memory32Fixed (ReadWrite, 0xFED40000, 0x00005000, ) })",
                name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000))));
        top("rt-memory32fixed-ro", "Name (R100, ResourceTemplate () { Memory32Fixed (ReadOnly, 0xFEC00000, 0x00001000, ) })",
                name("R100", resourceTemplate(new Memory32Fixed(false, 0xFEC00000L, 0x1000))));
        top("rt-memory32", "Name (R101, ResourceTemplate () { Memory32 (ReadWrite, 0x10000000, 0x1FFFF000, 0x1000, 0x1000, ) })",
                name("R101", resourceTemplate(new Memory32(true, 0x10000000L, 0x1FFFF000L, 0x1000, 0x1000))));
        top("rt-io", "Name (R102, ResourceTemplate () { IO (Decode16, 0x0070, 0x0070, 0x01, 0x08, ) })",
                name("R102", resourceTemplate(new Io(true, 0x70, 0x70, 1, 8))));
        top("rt-fixedio", "Name (R103, ResourceTemplate () { FixedIO (0x0060, 0x01, ) })",
                name("R103", resourceTemplate(new FixedIo(0x60, 1))));
        top("rt-irqnoflags", "Name (R104, ResourceTemplate () { IRQNoFlags () {8} })",
                name("R104", resourceTemplate(Irq.noFlags(8))));
        top("rt-irq", "Name (R105, ResourceTemplate () { IRQ (Level, ActiveLow, Shared, ) {5,10,11} })",
                name("R105", resourceTemplate(Irq.withFlags(InterruptFlags.LEVEL_LOW_SHARED, 5, 10, 11))));
        top("rt-interrupt", "Name (R106, ResourceTemplate () { Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive, ,, ) {0x00000009} })",
                name("R106", resourceTemplate(ExtendedInterrupt.of(InterruptFlags.LEVEL_HIGH, 9))));
        top("rt-interrupt-edge", "Name (R107, ResourceTemplate () { Interrupt (ResourceConsumer, Edge, ActiveLow, Shared, ,, ) {0x10, 0x11} })",
                name("R107", resourceTemplate(ExtendedInterrupt.of(new InterruptFlags(true, true, true, false), 0x10, 0x11))));
        top("rt-qwordmemory", "Name (R108, ResourceTemplate () { QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,"
                        + " 0x0, 0x0000000100000000, 0x00000001FFFFFFFF, 0x0, 0x0000000100000000, ,, , AddressRangeMemory, TypeStatic) })",
                name("R108", resourceTemplate(AddressSpace.qwordMemory(true, AddressSpace.Cacheability.CACHEABLE,
                        0x1_0000_0000L, 0x1_FFFF_FFFFL))));
        top("rt-dwordmemory", "Name (R109, ResourceTemplate () { DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,"
                        + " 0x0, 0xC0000000, 0xFEBFFFFF, 0x0, 0x3EC00000, ,, , AddressRangeMemory, TypeStatic) })",
                name("R109", resourceTemplate(AddressSpace.dwordMemory(true, AddressSpace.Cacheability.NON_CACHEABLE,
                        0xC0000000L, 0xFEBFFFFFL))));
        top("rt-wordio", "Name (R110, ResourceTemplate () { WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,"
                        + " 0x0000, 0x0D00, 0xFFFF, 0x0000, 0xF300, ,, , TypeStatic, DenseTranslation) })",
                name("R110", resourceTemplate(AddressSpace.wordIo(0x0D00, 0xFFFF))));
        top("rt-dwordio", "Name (R111, ResourceTemplate () { DWordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,"
                        + " 0x00000000, 0x00000000, 0x00000CF7, 0x00000000, 0x00000CF8, ,, , TypeStatic, DenseTranslation) })",
                name("R111", resourceTemplate(AddressSpace.dwordIo(0, 0xCF7))));
        top("rt-wordbus", "Name (R112, ResourceTemplate () { WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,"
                        + " 0x0000, 0x0000, 0x00FF, 0x0000, 0x0100, ,, ) })",
                name("R112", resourceTemplate(AddressSpace.wordBusNumber(0, 0xFF))));
        topIaslDiffers("rt-checksummed", "iasl always writes a zero End Tag checksum",
                "Name (R114, ResourceTemplate () { IO (Decode16, 0x0060, 0x0060, 0x01, 0x01, ) })",
                name("R114", new ResourceTemplate(List.of(new Io(true, 0x60, 0x60, 1, 1)), true)));
        top("rt-several", "Name (R113, ResourceTemplate () { IO (Decode16, 0x0060, 0x0060, 0x01, 0x01, )\n"
                        + " IO (Decode16, 0x0064, 0x0064, 0x01, 0x01, )\n IRQNoFlags () {1} })",
                name("R113", resourceTemplate(new Io(true, 0x60, 0x60, 1, 1), new Io(true, 0x64, 0x64, 1, 1), Irq.noFlags(1))));
    }

    private static String zeros(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "0x00"));
    }

    private static Aml[] repeat(Aml a, int n) {
        Aml[] r = new Aml[n];
        java.util.Arrays.fill(r, a);
        return r;
    }

    static List<Case> all() {
        return List.copyOf(CASES);
    }

    private AmlCases() {
    }
}
