import { useEffect, useState, type ComponentType } from 'react';

type Loader<P> = () => Promise<{ default: ComponentType<P> }>;

/**
 * A code-split page without React.lazy: Suspense holds a revealed boundary back for up to 300 ms,
 * which is most of the editor's opening budget. `preload` starts the download early.
 */
export function lazyPage<P extends object>(load: Loader<P>, Fallback: ComponentType) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => (pending ??= load().then((m) => (loaded = m.default)));
  function Page(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (!Component) void preload().then((c) => setComponent(() => c));
    }, [Component]);
    return Component ? <Component {...props} /> : <Fallback />;
  }
  return Object.assign(Page, { preload });
}
