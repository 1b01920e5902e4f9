package io.jvtpm.examples.setup;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.examples.CommandLines;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@code jvtpm setup}: swtpm_setup's options (swtpm 0.8's man page) that
 * libvirt and a person used to swtpm_setup pass, plus {@code --signing-key}/{@code --issuer-cert}
 * for the CA (swtpm_localca's signingkey/issuercert).
 *
 * @param stateDir --tpmstate/--tpm-state DIR or dir://DIR (required)
 * @param vmid --vmid ID, the EK certificate's subject CN (or null)
 * @param logFile --logfile FILE (or null for standard output)
 * @param createEk --createek
 * @param createEkCert --create-ek-cert
 * @param createPlatformCert --create-platform-cert
 * @param lockNvram --lock-nvram: NV_WriteLock on each index written
 * @param existing what to do with a state directory that holds a TPM already
 * @param pcrBanks --pcr-banks: the banks left active (default sha256)
 * @param reconfigure --reconfigure: only the PCR banks of an existing TPM
 * @param printCapabilities --print-capabilities
 * @param signingKey --signing-key FILE: the CA's private key (PEM), with issuerCert
 * @param issuerCert --issuer-cert FILE: the CA's certificate (PEM), with signingKey
 */
public record SetupOptions(Path stateDir, String vmid, Path logFile, boolean createEk, boolean createEkCert,
                           boolean createPlatformCert, boolean lockNvram, Existing existing, Set<HashAlgorithm> pcrBanks,
                           boolean reconfigure, boolean printCapabilities, Path signingKey, Path issuerCert) {

    public SetupOptions {
        pcrBanks = Set.copyOf(pcrBanks);
    }

    /** What to do when the state directory already holds a TPM (swtpm_setup's default: fail). */
    public enum Existing {
        /** Neither --overwrite nor --not-overwrite: an error. */
        FAIL,
        /** --overwrite: a new TPM in its place. */
        OVERWRITE,
        /** --not-overwrite: leave it and succeed. */
        KEEP
    }

    /** A command line that cannot be used; the message names the problem. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** The command's options. */
    public static CommandLines.Spec spec() {
        return CommandLines.Spec.command("setup",
                        "Provisions a TPM state directory as swtpm_setup does: EKs, EK and platform certificates in NV"
                        + " (signed by the CA given, else by one created in DIR/jvtpm-localca), PCR banks.")
                .flag("--tpm2", "TPM 2.0 (the only kind jvtpm emulates)")
                .option("--tpmstate", "DIR", "the TPM's state directory")
                .option("--tpm-state", "DIR", "the same as --tpmstate")
                .option("--vmid", "ID", "the VM's name, the EK certificate's subject CN")
                .option("--logfile", "FILE", "append the messages to FILE")
                .flag("--createek", "create the EKs (RSA 2048 at 0x81010001, ECC P-384 at 0x81010016)")
                .flag("--create-ek-cert", "issue the EK certificates into NV 0x01C00002 and 0x01C00016")
                .flag("--create-platform-cert", "issue a platform certificate into NV 0x01C08000")
                .flag("--lock-nvram", "write-lock the NV indices written")
                .flag("--overwrite", "replace a TPM the directory holds")
                .flag("--not-overwrite", "leave a TPM the directory holds and succeed")
                .option("--pcr-banks", "BANKS", "the PCR banks left active, comma-separated (default sha256)")
                .flag("--reconfigure", "change the PCR banks of the existing TPM only")
                .flag("--print-capabilities", "print the features as JSON and exit")
                .option("--signing-key", "FILE", "the CA's private key (PEM, PKCS#8 or traditional)")
                .option("--issuer-cert", "FILE", "the CA's certificate (PEM)");
    }

    /** Parses the arguments after {@code setup}; {@code --help} gives an empty result. */
    public static Optional<SetupOptions> parseOrHelp(String[] args) throws UsageException {
        Optional<CommandLines.Values> v = CommandLines.parse(spec(), args, UsageException::new);
        return v.isEmpty() ? Optional.empty() : Optional.of(of(v.get()));
    }

    /** Checks the values the command line gave. */
    public static SetupOptions of(CommandLines.Values v) throws UsageException {
        boolean printCapabilities = v.flag("--print-capabilities");
        String a = v.value("--tpmstate");
        String b = v.value("--tpm-state");
        if (a != null && b != null) {
            throw new UsageException("give --tpmstate or --tpm-state, not both");
        }
        String dir = a != null ? a : b;
        if (dir != null && dir.contains("://")) {
            // swtpm_setup's backend URI form: only the directory backend is jvtpm's
            if (!dir.startsWith("dir://") || dir.length() == "dir://".length()) {
                throw new UsageException("--tpmstate: only a directory (DIR or dir://DIR) is supported, not '" + dir + "'");
            }
            dir = dir.substring("dir://".length());
        }
        if (dir == null && !printCapabilities) {
            throw new UsageException("--tpmstate DIR is required");
        }
        if (v.flag("--overwrite") && v.flag("--not-overwrite")) {
            throw new UsageException("--overwrite and --not-overwrite exclude each other");
        }
        Existing existing = v.flag("--overwrite") ? Existing.OVERWRITE
                : v.flag("--not-overwrite") ? Existing.KEEP : Existing.FAIL;
        String key = v.value("--signing-key");
        String cert = v.value("--issuer-cert");
        if ((key == null) != (cert == null)) {
            throw new UsageException("--signing-key and --issuer-cert go together");
        }
        boolean reconfigure = v.flag("--reconfigure");
        if (reconfigure && (v.flag("--createek") || v.flag("--create-ek-cert") || v.flag("--create-platform-cert")
                || v.flag("--overwrite"))) {
            throw new UsageException("--reconfigure changes only the PCR banks; it takes no --createek,"
                    + " --create-*-cert or --overwrite");
        }
        String logFile = v.value("--logfile");
        return new SetupOptions(dir == null ? null : Path.of(dir), v.value("--vmid"),
                logFile == null ? null : Path.of(logFile), v.flag("--createek"), v.flag("--create-ek-cert"),
                v.flag("--create-platform-cert"), v.flag("--lock-nvram"), existing, pcrBanks(v.value("--pcr-banks")),
                reconfigure, printCapabilities, key == null ? null : Path.of(key), cert == null ? null : Path.of(cert));
    }

    /** --pcr-banks: sha1, sha256, sha384, sha512 separated by commas; none given means sha256. */
    static Set<HashAlgorithm> pcrBanks(String spec) throws UsageException {
        if (spec == null) {
            return Set.of(HashAlgorithm.SHA256);
        }
        Set<HashAlgorithm> banks = new LinkedHashSet<>();
        for (String name : spec.split(",", -1)) {
            HashAlgorithm h = switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "sha1" -> HashAlgorithm.SHA1;
                case "sha256" -> HashAlgorithm.SHA256;
                case "sha384" -> HashAlgorithm.SHA384;
                case "sha512" -> HashAlgorithm.SHA512;
                default -> throw new UsageException("--pcr-banks: unknown bank '" + name
                        + "' (sha1, sha256, sha384, sha512)");
            };
            banks.add(h);
        }
        return banks;
    }
}
