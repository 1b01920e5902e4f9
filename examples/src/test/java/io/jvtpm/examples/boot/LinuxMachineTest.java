package io.jvtpm.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.examples.cli.BootOptions;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The launcher library's builder: the defaults of {@code jvtpm boot}, and options out of range refused. */
class LinuxMachineTest {

    @Test
    void theBuildersDefaultsAreTheCommandLines() throws BootException {
        MachineOptions cli = BootOptions.parse(new String[] {"--kernel", "bz"}).orElseThrow();
        assertEquals(cli, LinuxMachine.builder().kernel(Path.of("bz")).toOptions());
    }

    @Test
    void optionsRoundTripThroughTheBuilder() {
        MachineOptions o = new MachineOptions(Path.of("k"), Optional.of(Path.of("i")), "quiet", TpmInterface.CRB,
                PpiTransport.SMI, PpiPolicy.parse("deny,5=allow"), Optional.of(Path.of("s")), 1L << 30, 4,
                new KernelCacheChoice.Off(), java.time.Duration.ofSeconds(7));
        assertEquals(o, LinuxMachine.builder().options(o).build().options());
    }

    @Test
    void outOfRangeIsRefused() {
        assertThrows(IllegalStateException.class, () -> LinuxMachine.builder().build(), "no kernel");
        assertThrows(IllegalArgumentException.class,
                () -> LinuxMachine.builder().kernel(Path.of("k")).cpus(MachineOptions.MAX_CPUS + 1).build());
        assertThrows(IllegalArgumentException.class, () -> LinuxMachine.builder().kernel(Path.of("k")).memory(0).build());
    }
}
