package io.jvtpm.acpi.tpm;

import static io.jvtpm.acpi.aml.Asl.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.acpi.testing.Asl;
import io.jvtpm.engine.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peer test: {@code iasl -d} of a DSDT holding our Device (TPM) gives the reference ASL's logic. */
@Tag("peer")
class ReferenceTpmDeviceIaslTest {

    @TempDir
    Path dir;

    @Test
    void disassemblyMatchesReferenceAsl() throws Exception {
        Path iasl = Peers.require("iasl", "acpica-tools");
        byte[] dsdt = AmlTable.dsdt(OemIds.JVTPM, List.of(scope("\\_SB", ReferenceTpmDevice.tis()))).toBytes();
        String ours = Asl.block(Asl.disassemble(iasl, dir, "dsdt", dsdt), "Device (TPM)");
        String reference = new String(ReferenceTpmDeviceTest.resource("seabios-tis-tpm-device.asl"), StandardCharsets.UTF_8);
        assertTrue(Asl.normalize(ours).contains("Method(_DSM,4,Serialized)"), ours);
        assertEquals(Asl.normalize(reference), Asl.normalize(ours));
    }
}
