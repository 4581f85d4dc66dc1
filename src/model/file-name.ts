/** Names a directory walk picks up as Dockerfiles. */
const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?:[._-][^/]*)?|[^/]+\.(?:docker|container)file)$/i;
/** Files next to Dockerfiles that share the name but are not Dockerfiles. */
const NOT_A_DOCKERFILE = /\.(?:md|txt|rst|orig|bak|swp|tmpl|template|j2|erb|sh|ps1|json|ya?ml|toml|dockerignore|lock|log|patch|diff|go|cs|py|js|ts)$/i;

/** Whether a file name is a Dockerfile's (the CLI's walk and the language server's document filter agree on it). */
export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_A_DOCKERFILE.test(name);
}
