import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type UserConfig } from "vite";

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[] };

/**
 * Keycloak's index.ftl preloads each of the entry's `imports` as `resourceUrl/<import>`, but a
 * Vite manifest names shared chunks by key ("_index-….js"), not by file ("assets/index-….js").
 * Keycloak's own build has no shared chunks; ours has, so the entry lists their files instead.
 */
function entryImportsAsFiles(outDir: string): Plugin {
  return {
    name: "palisade-entry-imports-as-files",
    apply: "build",
    closeBundle() {
      const path = join(outDir, ".vite/manifest.json");
      const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, ManifestChunk>;
      for (const chunk of Object.values(manifest).filter((c) => c.isEntry)) {
        chunk.imports = chunk.imports?.map((key) => manifest[key]?.file ?? key);
      }
      writeFileSync(path, JSON.stringify(manifest, null, 2));
    },
  };
}

/**
 * One console build: the Vite manifest tells Keycloak's AdminConsole / AccountConsole page
 * which entry script and styles to load, and React comes from the import map Keycloak's own
 * index.ftl declares (its common vendor resources), so the console and Keycloak's pages
 * share one React.
 */
export function consoleBuild(
  entry: string,
  themeType: "admin" | "account",
  alias: Record<string, string> = {},
): UserConfig {
  const outDir = `../target/classes/theme/palisade/${themeType}/resources`;
  return defineConfig({
    base: "",
    resolve: { alias },
    plugins: [react(), entryImportsAsFiles(outDir)],
    build: {
      outDir,
      emptyOutDir: true,
      manifest: true,
      target: "esnext",
      modulePreload: false,
      // Keycloak's console is one large chunk by design; the warning says nothing here.
      chunkSizeWarningLimit: 8000,
      rollupOptions: {
        input: entry,
        external: ["react", "react/jsx-runtime", "react-dom"],
      },
    },
  });
}
