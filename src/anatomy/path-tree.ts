/** A filesystem-shaped tree of absolute paths, so deleting a directory deletes its subtree in one step. */

interface Node<T> {
  /** Undefined for a directory only implied by a deeper path. */
  value: T | undefined;
  children: Map<string, Node<T>>;
}

function parts(p: string): string[] {
  return p.split('/').filter((s) => s !== '');
}

export class PathTree<T> {
  private readonly root: Node<T> = { value: undefined, children: new Map() };

  private node(p: string): Node<T> | undefined {
    let n: Node<T> | undefined = this.root;
    for (const name of parts(p)) {
      n = n.children.get(name);
      if (!n) return undefined;
    }
    return n;
  }

  /** Set the value at `p`, creating implied parents; an existing node keeps its children. */
  set(p: string, value: T): void {
    let n = this.root;
    for (const name of parts(p)) {
      let next = n.children.get(name);
      if (!next) {
        next = { value: undefined, children: new Map() };
        n.children.set(name, next);
      }
      n = next;
    }
    n.value = value;
  }

  /** Does a node (valued or implied) exist at `p`? */
  has(p: string): boolean {
    return this.node(p) !== undefined;
  }

  get(p: string): T | undefined {
    return this.node(p)?.value;
  }

  /** Remove `p` and everything below it; missing is not an error. */
  remove(p: string): void {
    const names = parts(p);
    const last = names.pop();
    if (last === undefined) return;
    this.node(names.join('/'))?.children.delete(last);
  }

  /** Remove everything below `p`, keeping `p` itself. */
  clearBelow(p: string): void {
    this.node(p)?.children.clear();
  }

  /** Values of `p` and of every node below it (implied nodes give undefined). */
  *subtree(p: string): Generator<T | undefined> {
    const start = this.node(p);
    if (!start) return;
    const stack = [start];
    for (let n = stack.pop(); n; n = stack.pop()) {
      yield n.value;
      stack.push(...n.children.values());
    }
  }

  /** Every valued node as `[path, value]`. */
  *entries(): Generator<[string, T]> {
    const stack: [string, Node<T>][] = [['', this.root]];
    for (let item = stack.pop(); item; item = stack.pop()) {
      const [p, n] = item;
      if (n.value !== undefined && p !== '') yield [p, n.value];
      for (const [name, child] of n.children) stack.push([`${p}/${name}`, child]);
    }
  }
}
