import { Alert, Space, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useDiagram } from '../api/hooks';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

/**
 * The instance's pinned process in bpmn-js's NavigatedViewer (pan and zoom), finished steps in green and
 * the current ones in blue. The viewer is loaded on demand so pages without a diagram stay light.
 */
export function ProcessDiagram({ instanceId, height = 320 }: { instanceId: string; height?: number }) {
  const diagram = useDiagram(instanceId);
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const data = diagram.data;
    if (!data || !container.current) return;
    let destroyed = false;
    let viewer: { destroy(): void } | undefined;
    void (async () => {
      const { default: NavigatedViewer } = await import('bpmn-js/lib/NavigatedViewer');
      if (destroyed || !container.current) return;
      const v = new NavigatedViewer({ container: container.current });
      viewer = v;
      try {
        await v.importXML(data.xml);
        const canvas = v.get<{ zoom(level: string): void; addMarker(id: string, cls: string): void }>(
          'canvas',
        );
        const registry = v.get<{ get(id: string): unknown }>('elementRegistry');
        canvas.zoom('fit-viewport');
        for (const id of data.finishedElements) if (registry.get(id)) canvas.addMarker(id, 'pm-done');
        for (const id of data.activeElements) if (registry.get(id)) canvas.addMarker(id, 'pm-active');
      } catch {
        setError('流程图无法显示');
      }
    })();
    return () => {
      destroyed = true;
      viewer?.destroy();
    };
  }, [diagram.data]);

  if (diagram.error) return <Alert type="error" showIcon message={diagram.error.message} />;
  return (
    <div>
      <Space size={8} style={{ marginBottom: 8 }}>
        <Tag color="green">已办理</Tag>
        <Tag color="blue">当前环节</Tag>
        {diagram.data && <span className="pm-muted">流程版本 v{diagram.data.version}，可拖动和缩放</span>}
      </Space>
      {error && <Alert type="warning" message={error} />}
      <Spin spinning={diagram.isLoading}>
        <div
          ref={container}
          className="pm-diagram"
          style={{ height }}
          role="img"
          aria-label="流程图：绿色为已办理环节，蓝色为当前环节"
        />
      </Spin>
    </div>
  );
}
