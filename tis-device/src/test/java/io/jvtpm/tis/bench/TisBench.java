package io.jvtpm.tis.bench;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.tis.TisDevice;
import io.jvtpm.tis.TisOptions;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Benchmark of the FIFO interface (PC Client Platform TPM Profile, FIFO registers), with JMH:
 * ns per register access (STS read at size 4 and 1, ACCESS read, FIFO byte write), and a whole
 * TPM2_GetRandom(32) sent and read byte-wise the way Linux's tpm_tis does it, with the command
 * run inline and on the device's command thread, beside the bare in-process engine call.
 *
 * <p>Usage: {@code TisBench [iterations]} (default 5 measured iterations of 1 s, one fork).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TisBench {
    static final byte[] GET_RANDOM_32 = TpmCommands.getRandom(32);
    private static final byte[] STARTUP_CLEAR = TpmCommands.startup(TpmSu.CLEAR);

    private InProcessBackend engine;
    private TisDevice inline;
    private TisDevice threaded;
    private int fifoBytes;

    @Setup(Level.Trial)
    public void setUp() {
        engine = InProcessBackend.inMemory(1);
        engine.init();
        engine.execute(0, STARTUP_CLEAR);
        inline = new TisDevice(engine, TisOptions.defaults().withExecutor(Runnable::run));
        threaded = new TisDevice(engine);
        inline.write(0x000, 1, Access.REQUEST_USE);
        inline.write(0x018, 1, Sts.COMMAND_READY);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inline.close();
        threaded.close();
        engine.close();
    }

    @Benchmark
    public long stsRead4() {
        return inline.read(0x018, 4);
    }

    @Benchmark
    public long stsRead1() {
        return inline.read(0x018, 1);
    }

    @Benchmark
    public long accessRead1() {
        return inline.read(0x000, 1);
    }

    /** One FIFO byte write; every 4000 bytes commandReady starts the buffer over. */
    @Benchmark
    public void fifoWrite1() {
        if (fifoBytes == 0) {
            inline.write(0x018, 1, Sts.COMMAND_READY);
            inline.write(0x024, 1, 0x80);
            inline.write(0x024, 1, 0x01);
            inline.write(0x024, 1, 0x00);
            inline.write(0x024, 1, 0x00);
            inline.write(0x024, 1, 0x10);   // commandSize 4096: Expect stays set
            fifoBytes = 5;
        }
        inline.write(0x024, 1, 0x5A);
        if (++fifoBytes == 4000) {
            fifoBytes = 0;
        }
    }

    @Benchmark
    public int getRandom32BareEngine() {
        return engine.execute(0, GET_RANDOM_32).length;
    }

    @Benchmark
    public int getRandom32ViaTisInline() {
        return LinuxStyle.transmit(inline, GET_RANDOM_32);
    }

    @Benchmark
    public int getRandom32ViaTisCommandThread() {
        return LinuxStyle.transmit(threaded, GET_RANDOM_32);
    }

    public static void main(String[] args) throws RunnerException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        new Runner(new OptionsBuilder()
                .include(TisBench.class.getName() + "\\.")
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .build()).run();
    }
}
