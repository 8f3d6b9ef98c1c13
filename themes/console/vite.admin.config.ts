import { consoleBuild } from "./vite.console.ts";

export default consoleBuild("src/admin/main.tsx", "admin");
