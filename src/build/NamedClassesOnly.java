import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step (run by the pom, {@code java NamedClassesOnly.java}, no dependencies): from jars the server does not
 * ship whole, unpacks into the classes directory only the classes that the shipped code names, with their
 * supertypes.
 *
 * <p>An R4 server never runs HAPI's DSTU2/DSTU3/R4B models, the validator's converters between other versions, or
 * Lucene (full-text search is off), yet it must be able to load some of their classes: Spring introspects HAPI's
 * beans, which resolves every type in their methods' signatures (a DSTU3 SearchParameter in HAPI's search-parameter
 * canonicalizer), the verifier loads a class to check an assignment, and {@code instanceof} needs its class. All of
 * these name the class in the constant pool of the class that needs it, and loading a class loads its supertypes;
 * so a trimmed jar's class ships when a class on the shipped classpath names it (as a class, or inside a descriptor
 * or generic signature), with its superclass and interfaces. A switch over an enum initializes the enum, so an enum
 * ships with what it names. Not covered: shipped code that runs another class of a trimmed jar beyond that (HAPI
 * does so only for the FHIR version the class belongs to), and names held only in strings ({@code Class.forName}):
 * HAPI looks other versions up that way and treats their absence as "not installed".
 *
 * <p>Arguments: {@code --out DIR}, {@code --manifest FILE} (the classes the last run unpacked, removed first, so a jar
 * leaving the list leaves nothing behind), {@code --code PATHS} (the shipped classpath, jars and directories,
 * separated by the path separator), {@code --not-code REGEX} (classes on that classpath that an R4 server may load
 * but never initializes, HAPI's own DSTU2/DSTU3/R4B DAOs, providers and configuration: only their supertypes count),
 * and one or more {@code --trim JAR[=CODE_REGEX]}: a jar to trim; its classes matching CODE_REGEX run (the R4-to-R5
 * converters the validator uses), so they ship whole and what they name counts like the classpath's.
 */
public final class NamedClassesOnly {

	/** A class type in a descriptor or generic signature: {@code Lpkg/Name;} or {@code Lpkg/Name<...>;}. */
	private static final Pattern SIGNATURE_TYPE = Pattern.compile("L([\\w/$]+)(?=[;<])");

	private record ClassFile(List<String> strings, String superclass, List<String> interfaces) {}

	public static void main(String[] args) throws IOException {
		Path out = null;
		Path manifest = null;
		List<Path> code = new ArrayList<>();
		String notCodeRegex = "(?!)";
		Map<Path, Pattern> trim = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--out" -> out = Path.of(value);
				case "--manifest" -> manifest = Path.of(value);
				case "--code" -> Stream.of(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(code::add);
				case "--not-code" -> notCodeRegex = value;
				case "--trim" -> {
					int eq = value.indexOf('=');
					trim.put(Path.of(eq < 0 ? value : value.substring(0, eq)), Pattern.compile(eq < 0 ? "(?!)" : value.substring(eq + 1)));
				}
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		if (out == null || manifest == null || trim.isEmpty()) {
			throw new IllegalArgumentException(
					"usage: --out DIR --manifest FILE --code PATHS [--not-code REGEX] --trim JAR[=CODE_REGEX]...");
		}

		Set<String> unpackedBefore = Files.exists(manifest) ? new HashSet<>(Files.readAllLines(manifest)) : Set.of();
		for (String name : unpackedBefore) {
			Files.deleteIfExists(out.resolve(name + ".class"));
		}

		Map<Path, Map<String, byte[]>> jars = new LinkedHashMap<>();
		Map<String, byte[]> trimmable = new TreeMap<>();
		Map<String, byte[]> runs = new TreeMap<>();
		for (Map.Entry<Path, Pattern> jar : trim.entrySet()) {
			Map<String, byte[]> classes = new TreeMap<>();
			forEachClass(jar.getKey(), classes::put);
			jars.put(jar.getKey(), classes);
			classes.forEach((name, bytes) -> (jar.getValue().matcher(name).matches() ? runs : trimmable).put(name, bytes));
		}

		Pattern notCode = Pattern.compile(notCodeRegex);
		Set<String> named = new HashSet<>();
		for (Path entry : code) {
			forEachClass(entry, (name, bytes) -> {
				if (trimmable.containsKey(name) || runs.containsKey(name) || unpackedBefore.contains(name)) {
					return;
				}
				ClassFile type = parse(bytes);
				(notCode.matcher(name).matches() ? supertypesOf(type) : namesIn(type)).stream()
						.filter(trimmable::containsKey).forEach(named::add);
			});
		}
		runs.values().forEach(bytes -> namesIn(parse(bytes)).stream().filter(trimmable::containsKey).forEach(named::add));

		Set<String> ship = new TreeSet<>(runs.keySet());
		Deque<String> toShip = new ArrayDeque<>(named);
		while (!toShip.isEmpty()) {
			String name = toShip.pop();
			if (trimmable.containsKey(name) && ship.add(name)) {
				ClassFile type = parse(trimmable.get(name));
				// a switch over an enum initializes it (the compiler's switch map calls values())
				toShip.addAll("java/lang/Enum".equals(type.superclass()) ? namesIn(type) : supertypesOf(type));
			}
		}

		for (Map.Entry<Path, Map<String, byte[]>> jar : jars.entrySet()) {
			long bytes = 0;
			int shipped = 0;
			for (Map.Entry<String, byte[]> type : jar.getValue().entrySet()) {
				if (ship.contains(type.getKey())) {
					Path file = out.resolve(type.getKey() + ".class");
					Files.createDirectories(file.getParent());
					Files.write(file, type.getValue());
					shipped++;
					bytes += type.getValue().length;
				}
			}
			System.out.printf("NamedClassesOnly: %s: %d of %d classes (%d KB)%n",
					jar.getKey().getFileName(), shipped, jar.getValue().size(), bytes / 1024);
		}
		Files.createDirectories(manifest.getParent());
		Files.write(manifest, ship);
	}

	private interface ClassVisitor {
		void visit(String name, byte[] bytes);
	}

	/** Each class of a directory or jar, by internal name; multi-release variants and module descriptors left aside. */
	private static void forEachClass(Path entry, ClassVisitor visitor) throws IOException {
		if (Files.isDirectory(entry)) {
			try (Stream<Path> files = Files.walk(entry)) {
				for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
					String relative = entry.relativize(file).toString().replace(File.separatorChar, '/');
					visitor.visit(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(file));
				}
			}
		} else if (Files.isRegularFile(entry)) {
			try (ZipFile zip = new ZipFile(entry.toFile())) {
				for (ZipEntry each : Collections.list(zip.entries())) {
					String name = each.getName();
					if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
						try (InputStream in = zip.getInputStream(each)) {
							visitor.visit(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
						}
					}
				}
			}
		}
	}

	private static List<String> supertypesOf(ClassFile type) {
		List<String> supertypes = new ArrayList<>(type.interfaces());
		if (type.superclass() != null) {
			supertypes.add(type.superclass());
		}
		return supertypes;
	}

	/**
	 * Class names in a constant pool: CONSTANT_Class entries (arrays unwrapped) and class types inside descriptors and
	 * generic signatures, which are UTF8 entries too.
	 */
	private static List<String> namesIn(ClassFile type) {
		List<String> names = supertypesOf(type);
		for (String s : type.strings()) {
			names.add(s.replaceFirst("^\\[+L?", "").replaceFirst(";$", ""));
			if (s.indexOf(';') >= 0) {
				Matcher m = SIGNATURE_TYPE.matcher(s);
				while (m.find()) {
					names.add(m.group(1));
				}
			}
		}
		return names;
	}

	private static ClassFile parse(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			if (in.readInt() != 0xCAFEBABE) {
				throw new IOException("not a class file");
			}
			in.readUnsignedShort();
			in.readUnsignedShort();
			int count = in.readUnsignedShort();
			String[] utf8 = new String[count];
			int[] classNameIndex = new int[count];
			for (int i = 1; i < count; i++) {
				int tag = in.readUnsignedByte();
				switch (tag) {
					case 1 -> utf8[i] = in.readUTF();
					case 7 -> classNameIndex[i] = in.readUnsignedShort();
					case 8, 16, 19, 20 -> in.readUnsignedShort();
					case 15 -> {
						in.readUnsignedByte();
						in.readUnsignedShort();
					}
					case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
					case 5, 6 -> {
						in.readLong();
						i++;
					}
					default -> throw new IOException("constant pool tag " + tag);
				}
			}
			in.readUnsignedShort();
			in.readUnsignedShort();
			int superIndex = in.readUnsignedShort();
			List<String> interfaces = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				interfaces.add(utf8[classNameIndex[in.readUnsignedShort()]]);
			}
			List<String> strings = new ArrayList<>();
			for (String s : utf8) {
				if (s != null) {
					strings.add(s);
				}
			}
			return new ClassFile(strings, superIndex == 0 ? null : utf8[classNameIndex[superIndex]], interfaces);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
