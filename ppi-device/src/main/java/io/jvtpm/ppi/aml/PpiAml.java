package io.jvtpm.ppi.aml;

import static io.jvtpm.acpi.aml.Asl.ONE;
import static io.jvtpm.acpi.aml.Asl.ZERO;
import static io.jvtpm.acpi.aml.Asl.and;
import static io.jvtpm.acpi.aml.Asl.arg;
import static io.jvtpm.acpi.aml.Asl.add;
import static io.jvtpm.acpi.aml.Asl.buffer;
import static io.jvtpm.acpi.aml.Asl.call;
import static io.jvtpm.acpi.aml.Asl.derefOf;
import static io.jvtpm.acpi.aml.Asl.field;
import static io.jvtpm.acpi.aml.Asl.ifThen;
import static io.jvtpm.acpi.aml.Asl.index;
import static io.jvtpm.acpi.aml.Asl.integer;
import static io.jvtpm.acpi.aml.Asl.lEqual;
import static io.jvtpm.acpi.aml.Asl.lGreaterEqual;
import static io.jvtpm.acpi.aml.Asl.local;
import static io.jvtpm.acpi.aml.Asl.method;
import static io.jvtpm.acpi.aml.Asl.name;
import static io.jvtpm.acpi.aml.Asl.named;
import static io.jvtpm.acpi.aml.Asl.offset;
import static io.jvtpm.acpi.aml.Asl.operationRegion;
import static io.jvtpm.acpi.aml.Asl.path;
import static io.jvtpm.acpi.aml.Asl.pkg;
import static io.jvtpm.acpi.aml.Asl.ret;
import static io.jvtpm.acpi.aml.Asl.store;
import static io.jvtpm.acpi.aml.Asl.string;
import static io.jvtpm.acpi.aml.Asl.toUuid;

import io.jvtpm.acpi.aml.AccessType;
import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.LockRule;
import io.jvtpm.acpi.aml.RegionSpace;
import io.jvtpm.acpi.aml.TermArg;
import io.jvtpm.acpi.aml.UpdateRule;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.page.PpiFunc;
import io.jvtpm.ppi.page.PpiFuncStatus;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The PPI and memory-clear parts of the TPM's ACPI device (TCG PPI 1.3 section 8, the
 * {@code _DSM} with UUID 3DDDFAA6-361B-4EB4-A424-8D10089D1653, functions 0-8; TCG Platform Reset
 * Attack Mitigation 1.10, the {@code _DSM} with UUID 376054ED-CC13-4675-901C-4756D7F2D45D): the
 * OperationRegions and Fields over the PPI page, TPFN, the return packages and one
 * {@code _DSM} serving both UUIDs. The TIS or CRB device appends these terms to its
 * {@code Device(TPM)}.
 *
 * <p>{@link PpiTransport#MEMORY} gives the same logic as QEMU's (page only: submissions are
 * checked against {@code func[]} and written to PPRQ/PPRM). {@link PpiTransport#SMI} sends
 * functions 2, 7 and 8 to the host through the SMI mailbox (PPIP, SMRQ, SMRM), a write of the
 * command value to I/O port 0xB2, and returns what the host left in FRET.
 */
public final class PpiAml {

    /** The PPI {@code _DSM} UUID. */
    public static final String PPI_UUID = "3dddfaa6-361b-4eb4-a424-8d10089d1653";
    /** The memory-clear (MOR) {@code _DSM} UUID. */
    public static final String MOR_UUID = "376054ed-cc13-4675-901c-4756d7f2d45d";
    /** The PPI version function 1 reports. */
    public static final String PPI_VERSION = "1.3";

    private static final int STATUS_MASK = PpiFunc.STATUS_MASK;

    private PpiAml() {
    }

    /** The terms for {@code transport}; the SMI flavour writes {@link PpiSmiHandler#DEFAULT_COMMAND}. */
    public static List<Aml> deviceTerms(PpiTransport transport) {
        return deviceTerms(transport, PpiSmiHandler.DEFAULT_COMMAND);
    }

    /** The terms for {@code transport}; the SMI flavour writes {@code smiCommand} to port 0xB2. */
    public static List<Aml> deviceTerms(PpiTransport transport, int smiCommand) {
        if (smiCommand < 0 || smiCommand > 0xFF) {
            throw new IllegalArgumentException("SMI command value must be a byte: " + smiCommand);
        }
        List<Aml> t = new ArrayList<>();
        t.add(operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, PpiPage.BASE + PpiPage.PPIN,
                PpiPage.MOVV - PpiPage.PPIN));
        t.add(field("TPP2", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                named("PPIN", 8), named("PPIP", 32), named("PPRP", 32), named("PPRQ", 32),
                named("PPRM", 32), named("LPPR", 32)));
        t.add(operationRegion("TPP3", RegionSpace.SYSTEM_MEMORY, PpiPage.BASE + PpiPage.MOVV, 1));
        t.add(field("TPP3", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("MOVV", 8)));
        if (transport == PpiTransport.SMI) {
            t.add(field("TPP2", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                    offset(PpiPage.FRET - PpiPage.PPIN),
                    named("FRET", 32), named("SMRQ", 32), named("SMRM", 32)));
            t.add(operationRegion("SMIP", RegionSpace.SYSTEM_IO, PpiSmiHandler.SMI_CMD_PORT, 1));
            t.add(field("SMIP", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("SMIC", 8)));
        } else {
            t.add(tpfn());
        }
        t.add(name("TPM2", pkg(ZERO, ZERO)));
        t.add(name("TPM3", pkg(ZERO, ZERO, ZERO)));
        t.add(method("_DSM", 4, true,
                ifThen(lEqual(arg(0), toUuid(PPI_UUID)), ppiFunctions(transport, smiCommand)),
                ifThen(lEqual(arg(0), toUuid(MOR_UUID)), morFunctions())));
        return List.copyOf(t);
    }

    /** TPFN(op): func[op] for op below 256, else 0 (not implemented). */
    private static Aml tpfn() {
        return method("TPFN", 1, true,
                ifThen(lGreaterEqual(arg(0), integer(PpiPage.FUNC_COUNT)), ret(ZERO)),
                operationRegion("TPP1", RegionSpace.SYSTEM_MEMORY, add(integer(PpiPage.BASE), arg(0)), ONE),
                field("TPP1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TPPF", 8)),
                ret(path("TPPF")));
    }

    private static TermArg fn(int n) {
        return lEqual(arg(2), integer(n));
    }

    private static TermArg arg3(int i) {
        return derefOf(index(arg(3), integer(i)));
    }

    private static TermArg funcStatusIs(PpiFuncStatus s) {
        return lEqual(and(local(1), integer(STATUS_MASK)), integer(s.code()));
    }

    private static Aml[] ppiFunctions(PpiTransport transport, int smiCommand) {
        boolean smi = transport == PpiTransport.SMI;
        return new Aml[] {
            // function 0: functions 0..8 supported
            ifThen(fn(0), ret(buffer(0xFF, 0x01))),
            ifThen(fn(1), ret(string(PPI_VERSION))),
            ifThen(fn(2), smi ? smiCall(2, arg3(0), ZERO, smiCommand) : submitRequest()),
            ifThen(fn(3), pendingRequest()),
            // function 4: the OS must reboot
            ifThen(fn(4), ret(integer(2))),
            ifThen(fn(5), lastResponse()),
            // function 6: submitting a preferred language is not implemented
            ifThen(fn(6), ret(integer(3))),
            ifThen(fn(7), smi ? submitRequest2(smiCommand) : submitRequest2()),
            ifThen(fn(8), smi ? smiCall(8, arg3(0), ZERO, smiCommand) : userConfirmation()),
            ret(buffer(0x00))
        };
    }

    /** Function 2 over memory, Submit TPM Operation Request: refused (1) where func[op] says not implemented. */
    private static Aml[] submitRequest() {
        return new Aml[] {
            store(arg3(0), local(0)),
            store(call("TPFN", local(0)), local(1)),
            ifThen(funcStatusIs(PpiFuncStatus.NOT_IMPLEMENTED), ret(ONE)),
            store(local(0), path("PPRQ")),
            store(ZERO, path("PPRM")),
            ret(ZERO)
        };
    }

    /** Function 3, Get Pending TPM Operation: {0, PPRQ} for revision 1, {0, PPRQ, PPRM} for revision 2. */
    private static Aml[] pendingRequest() {
        return new Aml[] {
            ifThen(lEqual(arg(1), ONE),
                    store(path("PPRQ"), index(path("TPM2"), ONE)),
                    ret(path("TPM2"))),
            ifThen(lEqual(arg(1), integer(2)),
                    store(path("PPRQ"), index(path("TPM3"), ONE)),
                    store(path("PPRM"), index(path("TPM3"), integer(2))),
                    ret(path("TPM3")))
        };
    }

    /** Function 5, Return TPM Operation Response: {0, LPPR, PPRP}. */
    private static Aml[] lastResponse() {
        return new Aml[] {
            store(path("LPPR"), index(path("TPM3"), ONE)),
            store(path("PPRP"), index(path("TPM3"), integer(2))),
            ret(path("TPM3"))
        };
    }

    /** Function 7 over SMI: the parameter is Arg3[1] for revision 2, else 0. */
    private static Aml[] submitRequest2(int smiCommand) {
        return concat(new Aml[] {
            store(ZERO, local(1)),
            ifThen(lEqual(arg(1), integer(2)), store(arg3(1), local(1)))},
            smiCall(7, arg3(0), local(1), smiCommand));
    }

    /** Function 7 over memory, Submit TPM Operation Request 2: 1 not implemented, 3 blocked, else stored. */
    private static Aml[] submitRequest2() {
        return new Aml[] {
            store(arg3(0), local(0)),
            store(call("TPFN", local(0)), local(1)),
            ifThen(funcStatusIs(PpiFuncStatus.NOT_IMPLEMENTED), ret(ONE)),
            ifThen(funcStatusIs(PpiFuncStatus.BLOCKED), ret(integer(3))),
            ifThen(lEqual(arg(1), ONE),
                    store(local(0), path("PPRQ")),
                    store(ZERO, path("PPRM"))),
            ifThen(lEqual(arg(1), integer(2)),
                    store(local(0), path("PPRQ")),
                    store(arg3(1), path("PPRM"))),
            ret(ZERO)
        };
    }

    /** Function 8 over memory, Get User Confirmation Status: func[op]'s status bits. */
    private static Aml[] userConfirmation() {
        return new Aml[] {
            store(arg3(0), local(0)),
            store(call("TPFN", local(0)), local(1)),
            ret(and(local(1), integer(STATUS_MASK)))
        };
    }

    /** Fills the mailbox, raises the SMI and returns FRET: the host answered during the port write. */
    private static Aml[] smiCall(int function, TermArg request, TermArg parameter, int smiCommand) {
        return new Aml[] {
            store(integer(function), path("PPIP")),
            store(request, path("SMRQ")),
            store(parameter, path("SMRM")),
            store(integer(smiCommand), path("SMIC")),
            ret(path("FRET"))
        };
    }

    private static Aml[] concat(Aml[] head, Aml... tail) {
        Aml[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static Aml[] morFunctions() {
        return new Aml[] {
            // function 0: functions 0 and 1 supported
            ifThen(fn(0), ret(buffer(0x03))),
            ifThen(fn(1),
                    store(arg3(0), local(0)),
                    store(local(0), path("MOVV")),
                    ret(ZERO))
        };
    }
}
