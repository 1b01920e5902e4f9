package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmCc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the command attribute table: the facts TPM2_GetCapability(TPM_CAP_COMMANDS)
 * reports as TPMA_CC (TPM 2.0 Library Part 2, 8.9), the handle types and authorization roles of
 * Part 3's command tables, and the action. Built with {@link #command}.
 *
 * @param handles the handle area's types, in order
 * @param roles   the authorization role of each handle ({@link AuthRole#NONE}: no session)
 * @param flags   the command's attributes
 */
public record CommandSpec(TpmCc cc, List<HandleKind> handles, List<AuthRole> roles, Set<CommandAttribute> flags,
        CommandHandler handler) {

    public CommandSpec {
        handles = List.copyOf(handles);
        roles = List.copyOf(roles);
        flags = flags.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (handles.size() != roles.size()) {
            throw new IllegalArgumentException(cc + ": " + handles.size() + " handles, " + roles.size() + " roles");
        }
    }

    /** A row for {@code cc} run by {@code handler}: add its handles and attributes, then {@link Builder#build()}. */
    public static Builder command(TpmCc cc, CommandHandler handler) {
        return new Builder(cc, handler);
    }

    /** True when the command has attribute {@code a}. */
    public boolean has(CommandAttribute a) {
        return flags.contains(a);
    }

    /** TPMA_CC.rHandle: the response has a handle. */
    public boolean rHandle() {
        return has(CommandAttribute.R_HANDLE);
    }

    /** Sessions are not allowed. */
    public boolean noSessions() {
        return has(CommandAttribute.NO_SESSIONS);
    }

    /** A session may decrypt the first command parameter (Part 3's "decrypt" column). */
    public boolean allowsDecrypt() {
        return has(CommandAttribute.DECRYPT);
    }

    /** A session may encrypt the first response parameter (Part 3's "encrypt" column). */
    public boolean allowsEncrypt() {
        return has(CommandAttribute.ENCRYPT);
    }

    /** TPMA_CC for this command. */
    public int attributes() {
        int a = (cc.value() & 0xFFFF) | (handles.size() << 25);
        for (CommandAttribute f : flags) {
            a |= f.tpmaCc();
        }
        return a;
    }

    /** The number of handles that need an authorization session. */
    public int authHandles() {
        int n = 0;
        for (AuthRole r : roles) {
            if (r != AuthRole.NONE) {
                n++;
            }
        }
        return n;
    }

    /** Names a row's handles and attributes. */
    public static final class Builder {
        private final TpmCc cc;
        private final CommandHandler handler;
        private final List<HandleKind> handles = new ArrayList<>();
        private final List<AuthRole> roles = new ArrayList<>();
        private final Set<CommandAttribute> flags = EnumSet.noneOf(CommandAttribute.class);

        private Builder(TpmCc cc, CommandHandler handler) {
            this.cc = cc;
            this.handler = handler;
        }

        /** The next handle of the handle area, of type {@code kind}, authorized in {@code role}. */
        public Builder handle(HandleKind kind, AuthRole role) {
            handles.add(kind);
            roles.add(role);
            return this;
        }

        /** TPMA_CC.rHandle. */
        public Builder responseHandle() {
            flags.add(CommandAttribute.R_HANDLE);
            return this;
        }

        /** TPMA_CC.nv. */
        public Builder nv() {
            flags.add(CommandAttribute.NV);
            return this;
        }

        /** TPMA_CC.flushed. */
        public Builder flushed() {
            flags.add(CommandAttribute.FLUSHED);
            return this;
        }

        /** The first command parameter is a TPM2B a decrypt session may encrypt. */
        public Builder decrypt() {
            flags.add(CommandAttribute.DECRYPT);
            return this;
        }

        /** The first response parameter is a TPM2B an encrypt session may encrypt. */
        public Builder encrypt() {
            flags.add(CommandAttribute.ENCRYPT);
            return this;
        }

        /** No sessions allowed. */
        public Builder noSessions() {
            flags.add(CommandAttribute.NO_SESSIONS);
            return this;
        }

        public CommandSpec build() {
            return new CommandSpec(cc, handles, roles, flags, handler);
        }
    }
}
