package io.jvtpm.ppi.aml;

import static io.jvtpm.acpi.aml.Asl.ONE;
import static io.jvtpm.acpi.aml.Asl.add;
import static io.jvtpm.acpi.aml.Asl.arg;
import static io.jvtpm.acpi.aml.Asl.field;
import static io.jvtpm.acpi.aml.Asl.integer;
import static io.jvtpm.acpi.aml.Asl.method;
import static io.jvtpm.acpi.aml.Asl.named;
import static io.jvtpm.acpi.aml.Asl.operationRegion;
import static io.jvtpm.acpi.aml.Asl.path;
import static io.jvtpm.acpi.aml.Asl.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.AccessType;
import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.Asl;
import io.jvtpm.acpi.aml.LockRule;
import io.jvtpm.acpi.aml.RegionSpace;
import io.jvtpm.acpi.aml.UpdateRule;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.exec.PpiExecutor;
import io.jvtpm.ppi.exec.PpiOutcome;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.page.PpiResponse;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.ppi.smi.PpiSmiHandler;
import io.jvtpm.ppi.testutil.Acpiexec;
import io.jvtpm.engine.testing.FakeTpm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PPI and MOR _DSM run by ACPICA's interpreter (acpiexec). acpiexec backs SystemMemory regions
 * it has no memory for with zeroed buffers that it keeps per address range (aeregion.c; a region
 * inside a known range shares its buffer, an overlap merges only with the first one found), so
 * each batch first reads {@code \TALB} from a test-only region over the whole page, making one
 * buffer for it, and a test-only method {@code \TSET(offset, byte)} loads the Java page's bytes
 * into it; the _DSM then reads and writes it, and the test carries the results
 * back into the Java page for the executor or the SMI handler and on into a second batch.
 */
@Tag("peer")
class AcpiexecPpiTest {

    private static final String PPI = Acpiexec.bufferArg(Asl.uuidBytes(PpiAml.PPI_UUID));
    private static final String MOR = Acpiexec.bufferArg(Asl.uuidBytes(PpiAml.MOR_UUID));

    @TempDir
    Path dir;

    private final FakeTpm tpm = new FakeTpm();
    private final PpiPage page = PpiPage.allocate();

    private Path dsdt(PpiTransport transport) throws Exception {
        List<Aml> helper = List.of(
                operationRegion("\\TALL", RegionSpace.SYSTEM_MEMORY, PpiPage.BASE, PpiPage.SIZE),
                field("\\TALL", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TALB", 8)),
                method("\\TSET", 2, true,
                operationRegion("TSR1", RegionSpace.SYSTEM_MEMORY, add(integer(PpiPage.BASE), arg(0)), ONE),
                field("TSR1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TSB1", 8)),
                store(arg(1), path("TSB1"))));
        return Acpiexec.write(dir, transport + ".aml", TestDsdt.withTpm(PpiAml.deviceTerms(transport), helper));
    }

    /** Commands that copy the Java page (up to MOVV) into acpiexec's memory. */
    private List<String> loadPage() {
        List<String> c = new ArrayList<>();
        // first touch the whole page, so acpiexec's one buffer for it holds every later access
        c.add("evaluate \\TALB");
        java.nio.ByteBuffer b = page.buffer();
        for (int off = 0; off <= PpiPage.MOVV; off++) {
            int v = b.get(off) & 0xFF;
            if (v != 0) {
                c.add(String.format("evaluate \\TSET 0x%x 0x%x", off, v));
            }
        }
        return c;
    }

    private static String dsm(String uuid, int rev, int fn, String args) {
        StringBuilder pkg = new StringBuilder();
        for (String a : args.trim().split(" +")) {
            pkg.append(pkg.length() == 0 ? "" : " ").append("0x").append(Long.toHexString(Long.parseLong(a)));
        }
        return String.format("evaluate \\_SB.TPM._DSM %s 0x%x 0x%x [%s]", uuid, rev, fn, pkg);
    }

    /** Runs commands; returns the results of those after the page load. */
    private List<String> run(Path table, List<String> loads, List<String> commands) throws Exception {
        List<String> all = new ArrayList<>(loads);
        all.addAll(commands);
        List<String> r = Acpiexec.run(table, all);
        return r.subList(loads.size(), r.size());
    }

    private static long hex(String r) {
        assertTrue(r.startsWith("0x"), r);
        return Long.parseLong(r.substring(2), 16);
    }

    @Test
    void memoryTransportEveryFunctionAndARoundTripThroughTheExecutor() throws Exception {
        AtomicInteger clears = new AtomicInteger();
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.CONFIRM)
                .confirmer(r -> true).memoryClearer(clears::incrementAndGet).build();
        Path table = dsdt(PpiTransport.MEMORY);
        int[] ops = {0, 1, 5, 14, 17, 18, 21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 96, 128, 255, 256, 1000};
        List<String> cmds = new ArrayList<>(List.of(
                dsm(PPI, 1, 0, "0"), dsm(PPI, 1, 1, "0"), dsm(PPI, 1, 4, "0"), dsm(PPI, 1, 6, "0"),
                dsm(PPI, 1, 9, "0"), dsm(PPI, 1, 5, "0"),
                dsm(PPI, 1, 2, "1"), dsm(PPI, 1, 3, "0"),
                dsm(PPI, 1, 2, "5"), dsm(PPI, 1, 3, "0"),
                dsm(PPI, 2, 7, "23 2"), dsm(PPI, 2, 3, "0"),
                dsm(MOR, 1, 0, "0"), dsm(MOR, 1, 1, "1"),
                dsm("(00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f)", 1, 1, "0"),
                "evaluate \\_SB.TPM.PPRQ", "evaluate \\_SB.TPM.PPRM", "evaluate \\_SB.TPM.MOVV"));
        for (int op : ops) {
            cmds.add(dsm(PPI, 1, 8, Integer.toString(op)));
        }
        List<String> r = run(table, loadPage(), cmds);
        assertEquals(List.of("buf:ff01", "\"1.3\"", "0x2", "0x3", "buf:00", "[0x0,0x0,0x0]",
                "0x1", "[0x0,0x0]",
                "0x0", "[0x0,0x5]",
                "0x0", "[0x0,0x17,0x2]",
                "buf:03", "0x0", "none",
                "0x17", "0x2", "0x1"), r.subList(0, 18));
        for (int i = 0; i < ops.length; i++) {
            assertEquals(page.funcByte(ops[i]) & 7, hex(r.get(18 + i)), "function 8 for operation " + ops[i]);
        }
        assertEquals(3, hex(r.get(18 + 2)), "clear needs confirmation under the confirm policy");

        // the guest reboots: the host finds the request the AML left in the page
        page.setPprq(hex(r.get(15)));
        page.setPprm(hex(r.get(16)));
        page.setMovv((int) hex(r.get(17)));
        PpiOutcome o = ex.onReset().orElseThrow();
        assertEquals(PpiResponse.SUCCESS, o.response(), o.detail());
        assertEquals(1, clears.get());
        assertEquals(List.of(0x000B), tpm.activeBanks());

        List<String> after = run(table, loadPage(), List.of(dsm(PPI, 1, 5, "0"), dsm(PPI, 2, 3, "0"),
                dsm(PPI, 1, 8, "5")));
        assertEquals(List.of("[0x0,0x17,0x0]", "[0x0,0x0,0x0]", "0x3"), after);
    }

    @Test
    void memoryTransportUnderDenyBlocksInSubmit2AndReportsAbort() throws Exception {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.DENY).build();
        Path table = dsdt(PpiTransport.MEMORY);
        List<String> r = run(table, loadPage(), List.of(
                dsm(PPI, 1, 7, "5"), dsm(PPI, 1, 8, "5"), dsm(PPI, 1, 7, "17"), dsm(PPI, 1, 3, "0"),
                dsm(PPI, 1, 2, "5"), "evaluate \\_SB.TPM.PPRQ"));
        // function 2 has no "blocked" answer (QEMU's logic accepts it); the host refuses at reset
        assertEquals(List.of("0x3", "0x2", "0x0", "[0x0,0x11]", "0x0", "0x5"), r);
        page.setPprq(hex(r.get(5)));
        assertEquals(PpiResponse.USER_ABORT, ex.onReset().orElseThrow().response());
        List<String> after = run(table, loadPage(), List.of(dsm(PPI, 1, 5, "0")));
        assertEquals(List.of("[0x0,0x5,0xfffffff0]"), after);
    }

    @Test
    void smiTransportRoundTripsThroughTheHandler() throws Exception {
        PpiExecutor ex = PpiExecutor.builder(page, tpm).policy(PpiPolicy.DENY).build();
        PpiSmiHandler smi = new PpiSmiHandler(ex);
        Path table = dsdt(PpiTransport.SMI);

        List<String> common = run(table, loadPage(), List.of(dsm(PPI, 1, 0, "0"), dsm(PPI, 1, 1, "0"),
                dsm(PPI, 1, 4, "0"), dsm(PPI, 1, 6, "0"), dsm(PPI, 1, 9, "0"), dsm(MOR, 1, 0, "0"),
                dsm(MOR, 1, 1, "1"), "evaluate \\_SB.TPM.MOVV"));
        assertEquals(List.of("buf:ff01", "\"1.3\"", "0x2", "0x3", "buf:00", "buf:03", "0x0", "0x1"), common);

        String[][] calls = {
            // rev, fn, args, expected FRET, expected pending (function 3 rev 2)
            {"1", "7", "5", "0x3", "[0x0,0x0,0x0]"},
            {"1", "2", "5", "0x1", "[0x0,0x0,0x0]"},
            {"1", "8", "5", "0x2", "[0x0,0x0,0x0]"},
            {"1", "8", "26", "0x4", "[0x0,0x0,0x0]"},
            {"2", "7", "33 0", "0x0", "[0x0,0x21,0x0]"},
            {"2", "7", "17 9", "0x0", "[0x0,0x11,0x9]"},
            {"1", "7", "1", "0x1", "[0x0,0x11,0x9]"},
        };
        for (String[] c : calls) {
            String call = dsm(PPI, Integer.parseInt(c[0]), Integer.parseInt(c[1]), c[2]);
            // 1: the guest fills the mailbox and writes the SMI port
            List<String> mbox = run(table, loadPage(), List.of(call, "evaluate \\_SB.TPM.PPIP",
                    "evaluate \\_SB.TPM.SMRQ", "evaluate \\_SB.TPM.SMRM", "evaluate \\_SB.TPM.SMIC"));
            assertEquals(c[1], Long.toString(hex(mbox.get(1))), "PPIP");
            page.setPpip(hex(mbox.get(1)));
            page.setSmiRequest(hex(mbox.get(2)));
            page.setSmiParameter(hex(mbox.get(3)));
            // 2: the host answers the port write
            smi.onSmi((int) hex(mbox.get(4)));
            // 3: with the host's answer in the page, the same call returns it
            List<String> answer = run(table, loadPage(), List.of(call, dsm(PPI, 2, 3, "0")));
            assertEquals(List.of(c[3], c[4]), answer, String.join(" ", c));
        }
    }
}
