package dev.fusioncds.knowledge;

import java.util.List;

/** A named chemotherapy regimen (FOLFIRINOX) and its agents: naming it names each of them. */
public record Regimen(String name, List<String> agents, List<String> citations) {}
