// The parts of React's API that sdk_src/js/react_hook.js and headless_react.js use,
// with React's own signatures (@types/react 18/19), for type-checking those modules
// here without installing React (it is an optional peer of the package).
declare module 'react' {
  type SetStateAction<S> = S | ((prev: S) => S);
  type Dispatch<A> = (value: A) => void;
  type DependencyList = readonly unknown[];
  type EffectCallback = () => void | (() => void);
  interface MutableRefObject<T> { current: T }
  interface ProviderProps<T> { value: T; children?: unknown }
  interface Context<T> { Provider: (props: ProviderProps<T>) => unknown; displayName?: string }
  export function useState<S>(initial: S | (() => S)): [S, Dispatch<SetStateAction<S>>];
  export function useRef<T>(initial: T): MutableRefObject<T>;
  export function useEffect(effect: EffectCallback, deps?: DependencyList): void;
  export function useMemo<T>(factory: () => T, deps: DependencyList): T;
  export function useCallback<T extends Function>(callback: T, deps: DependencyList): T;
  export function useContext<T>(context: Context<T>): T;
  export function createContext<T>(defaultValue: T): Context<T>;
  export function createElement(type: unknown, props?: object | null, ...children: unknown[]): unknown;
  export function useSyncExternalStore<T>(subscribe: (onChange: () => void) => () => void, getSnapshot: () => T,
    getServerSnapshot?: () => T): T;
}
