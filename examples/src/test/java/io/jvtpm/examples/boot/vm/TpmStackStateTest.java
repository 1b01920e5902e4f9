package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.engine.testing.PrivateState;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.kvm.mem.GuestMemory;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvtpm boot --tpmstate}: the launcher's TPM state directory is private, new or existing. */
class TpmStackStateTest {
    @TempDir
    Path tmp;

    private void openAndClose(Path state) throws Exception {
        Path kernel = Files.write(tmp.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(TpmInterface.CRB).tpmState(state)
                .toOptions();
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory pages = TpmStack.allocateTpmPages();
                TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])),
                        OutputStream.nullOutputStream(), ram, System.nanoTime(), pages)) {
            assertTrue(PrivateState.assertPrivate(state).contains("permanent.state"));
        }
        PrivateState.assertPrivate(state);
    }

    @Test
    void aNewStateDirectoryIsCreatedPrivate() throws Exception {
        openAndClose(tmp.resolve("vm").resolve("tpm"));
    }

    @Test
    void anExistingWideStateDirectoryIsMadePrivate() throws Exception {
        Path state = Files.createDirectory(tmp.resolve("tpm"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        openAndClose(state);
    }
}
