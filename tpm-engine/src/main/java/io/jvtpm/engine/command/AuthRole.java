package io.jvtpm.engine.command;

/** The authorization role a command requires for a handle (TPM 2.0 Library Part 1, 19.2). */
public enum AuthRole {
    /** No authorization session for this handle. */
    NONE,
    USER,
    ADMIN,
    DUP
}
