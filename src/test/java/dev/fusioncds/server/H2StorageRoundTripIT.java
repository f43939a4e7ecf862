package dev.fusioncds.server;

/** The round trip on the embedded default database. */
@FusionServerIT
class H2StorageRoundTripIT extends StorageRoundTripContract {}
